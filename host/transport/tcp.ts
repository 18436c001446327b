/** TCP transport: a board served over TCP (`nucleon sim --tcp PORT`, or a network bridge). */
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

  constructor(private readonly options: TcpOptions) {
    super();
    this.description = `tcp://${options.host}:${options.port}`;
  }

  protected doOpen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: this.options.host, port: this.options.port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no connection within ${this.options.connectTimeoutMs ?? 5000} ms`));
      }, this.options.connectTimeoutMs ?? 5000);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        this.socket = socket;
        socket.on('data', (chunk: Buffer) => this.received(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
        socket.on('error', (err) => this.failed(err));
        socket.on('close', () => this.lost('connection closed by the peer'));
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
