/**
 * TCP transport: a board served over TCP (`nucleon sim --tcp PORT`, or ser2net's `tcp` accepter
 * in front of the board's serial port on another machine). TlsTransport (tls.ts) is the same
 * link inside TLS; it overrides `connectSocket`, `readyEvent` and the two error hooks.
 */
import * as net from 'net';
import { BaseTransport } from './base';

export interface TcpOptions {
  host: string;
  port: number;
  /** Give up connecting after this long. */
  connectTimeoutMs?: number;
}

export class TcpTransport extends BaseTransport {
  readonly description: string;
  private socket: net.Socket | null = null;
  /** Bytes received since open: a link closed before its first byte may have been refused. */
  protected bytesIn = 0;

  constructor(protected readonly options: TcpOptions, scheme = 'tcp') {
    super();
    this.description = `${scheme}://${options.host}:${options.port}`;
  }

  /** Work before connecting (TLS reads its certificate files); may reject. */
  protected async prepare(): Promise<void> {
    return undefined;
  }

  /** Starts the connection (synchronously: its listeners go on in the same tick); ready at `readyEvent`. */
  protected connectSocket(): net.Socket {
    return net.connect({ host: this.options.host, port: this.options.port });
  }

  protected readonly readyEvent: 'connect' | 'secureConnect' = 'connect';

  /** What an error before the socket was ready is reported as. */
  protected openError(err: Error): Error {
    return err;
  }

  /** The peer closed the link (after it was ready). */
  protected peerClosed(): void {
    this.lost('connection closed by the peer');
  }

  protected async doOpen(): Promise<void> {
    await this.prepare();
    const timeoutMs = this.options.connectTimeoutMs ?? 5000;
    await new Promise<void>((resolve, reject) => {
      const socket = this.connectSocket();
      socket.setNoDelay(true);
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        socket.destroy();
        reject(new Error(`no connection within ${timeoutMs} ms`));
      }, timeoutMs);
      // `on`, not `once`: a TLS socket may report a second error while it is torn down
      socket.on('error', (err) => {
        clearTimeout(timer);
        if (settled) return;
        settled = true;
        socket.destroy();
        reject(this.openError(err));
      });
      socket.once(this.readyEvent, () => {
        clearTimeout(timer);
        if (settled) return;
        settled = true;
        socket.removeAllListeners('error');
        this.socket = socket;
        socket.on('data', (chunk: Buffer) => {
          this.bytesIn += chunk.length;
          this.received(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
        });
        socket.on('error', (err) => this.failed(err));
        socket.on('close', () => this.peerClosed());
        resolve();
      });
    });
  }

  protected doWrite(bytes: Uint8Array): Promise<void> {
    const socket = this.socket;
    return new Promise((resolve, reject) => {
      if (!socket) return reject(new Error('socket gone'));
      socket.write(bytes, (err) => (err ? reject(err) : resolve()));
    });
  }

  protected doClose(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    if (!socket || socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      socket.removeAllListeners('close');
      socket.once('close', () => resolve());
      socket.end();
      socket.destroySoon();
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 500).unref();
    });
  }
}
