/**
 * Serial transport over `serialport` (USB CDC on the board; a pty from `socat` or
 * `nucleon sim --pty` against the twin). The Board client splits frames with its FrameDecoder
 * (host/client/default-wire.ts); this layer moves bytes.
 */
import * as fs from 'fs';
import { SerialPort } from 'serialport';
import { BaseTransport } from './base';

export interface SerialOptions {
  path: string;
  baudRate?: number;
}

export const DEFAULT_BAUD = 115200;

/**
 * serialport's Linux poller notices a hang-up only while a read is pending, so an idle port
 * whose device vanished (USB unplugged, the pty's socat gone) could stay "open" for ever.
 * The transport therefore also checks every PRESENCE_CHECK_MS that the device path exists.
 */
export const PRESENCE_CHECK_MS = 500;

export class SerialTransport extends BaseTransport {
  readonly description: string;
  private port: SerialPort | null = null;
  private presenceTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: SerialOptions) {
    super();
    this.description = `serial:${options.path}@${options.baudRate ?? DEFAULT_BAUD}`;
  }

  protected doOpen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const port = new SerialPort({ path: this.options.path, baudRate: this.options.baudRate ?? DEFAULT_BAUD, autoOpen: false });
      port.open((err) => {
        if (err) return reject(err);
        this.port = port;
        port.on('data', (chunk: Buffer) => this.received(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
        port.on('error', (e: Error) => this.failed(e));
        port.on('close', (e: (Error & { disconnected?: boolean }) | null) => {
          if (e && e.disconnected) this.lost('serial port disconnected', e);
          else this.lost('serial port closed');
        });
        this.presenceTimer = setInterval(() => this.checkPresence(), PRESENCE_CHECK_MS);
        this.presenceTimer.unref();
        resolve();
      });
    });
  }

  protected doWrite(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    return new Promise((resolve, reject) => {
      if (!port) return reject(new Error('port gone'));
      port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), (err) => {
        if (err) return reject(err);
        port.drain((e) => (e ? reject(e) : resolve()));
      });
    });
  }

  private checkPresence(): void {
    if (fs.existsSync(this.options.path)) return;
    this.lost('serial device disappeared', Object.assign(new Error(`${this.options.path} no longer exists`), { disconnected: true }));
  }

  private stopPresenceCheck(): void {
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    this.presenceTimer = null;
  }

  protected doClose(): Promise<void> {
    this.stopPresenceCheck();
    const port = this.port;
    this.port = null;
    if (!port || !port.isOpen) return Promise.resolve();
    port.removeAllListeners('close');
    return new Promise((resolve) => port.close(() => resolve()));
  }
}
