/**
 * Serial transport over `serialport` (USB CDC on the board; a pty from `socat` or
 * `nucleon sim --pty` against the twin). The Board client splits frames with
 * @serialport/parser-delimiter (host/framing); this layer moves bytes.
 */
import { SerialPort } from 'serialport';
import { BaseTransport } from './base';

export interface SerialOptions {
  path: string;
  baudRate?: number;
}

export const DEFAULT_BAUD = 115200;

export class SerialTransport extends BaseTransport {
  readonly description: string;
  private port: SerialPort | null = null;

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

  protected doClose(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (!port || !port.isOpen) return Promise.resolve();
    port.removeAllListeners('close');
    return new Promise((resolve) => port.close(() => resolve()));
  }
}
