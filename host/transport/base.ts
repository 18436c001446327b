/**
 * Shared bookkeeping for transports: listener lists, open/closed state, the NOT_OPEN and
 * TypeError checks, and "close listeners run once". Subclasses implement doOpen, doWrite and
 * doClose and call `received`, `failed` and `lost` from their I/O callbacks.
 */
import { cutLongWords } from './cut';
import { HostErrorCode, NucleonError, toNucleonError } from '../errors';
import type { CloseListener, DataListener, ErrorListener, Transport } from './transport';

type State = 'new' | 'opening' | 'open' | 'closed';

export abstract class BaseTransport implements Transport {
  abstract readonly description: string;
  private state: State = 'new';
  private readonly dataListeners: DataListener[] = [];
  private readonly errorListeners: ErrorListener[] = [];
  private readonly closeListeners: CloseListener[] = [];

  get isOpen(): boolean {
    return this.state === 'open';
  }

  protected abstract doOpen(): Promise<void>;
  protected abstract doWrite(bytes: Uint8Array): Promise<void>;
  protected abstract doClose(): Promise<void>;

  async open(): Promise<void> {
    if (this.state !== 'new') {
      throw new NucleonError(HostErrorCode.ALREADY_OPEN, `${this.description}: open() called twice`);
    }
    this.state = 'opening';
    try {
      await this.doOpen();
    } catch (err) {
      this.state = 'closed';
      if (err instanceof NucleonError) throw err;
      // cut: a path from a 100 000-character spec is echoed by the OS error too
      const detail = err instanceof Error ? err.message : String(err);
      throw new NucleonError(HostErrorCode.IO, cutLongWords(`${this.description}: cannot open: ${detail}`), { cause: err });
    }
    // The far end may have vanished while we were opening.
    if (this.state === 'opening') this.state = 'open';
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('write(bytes): bytes must be a Uint8Array');
    if (this.state !== 'open') {
      throw new NucleonError(HostErrorCode.NOT_OPEN, `${this.description}: write on a transport that is not open`);
    }
    if (bytes.length === 0) return;
    try {
      await this.doWrite(bytes);
    } catch (err) {
      throw toNucleonError(err, HostErrorCode.IO, `${this.description}: write failed`);
    }
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const wasStarted = this.state !== 'new';
    this.state = 'closed';
    try {
      if (wasStarted) await this.doClose();
    } finally {
      this.emitClose(null);
    }
  }

  onData(listener: DataListener): void {
    this.dataListeners.push(listener);
  }

  onError(listener: ErrorListener): void {
    this.errorListeners.push(listener);
  }

  onClose(listener: CloseListener): void {
    this.closeListeners.push(listener);
  }

  /** Bytes from the far end. */
  protected received(bytes: Uint8Array): void {
    if (this.state !== 'open' && this.state !== 'opening') return;
    for (const l of this.dataListeners) l(bytes);
  }

  /** A non-fatal I/O error. */
  protected failed(err: unknown): void {
    const e = toNucleonError(err, HostErrorCode.IO, this.description);
    queueMicrotask(() => {
      for (const l of this.errorListeners) l(e);
    });
  }

  /**
   * The far end went away: release resources and tell the close listeners once. `code` is
   * DISCONNECTED unless the far end refused the link itself (TLS: a client certificate refused).
   */
  protected lost(reason: string, cause?: unknown, code: string = HostErrorCode.DISCONNECTED): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    const err = new NucleonError(code, `${this.description}: ${reason}`, {
      disconnected: true,
      cause,
    });
    this.doClose().catch(() => undefined);
    this.emitClose(err);
  }

  private emitClose(err: NucleonError | null): void {
    const listeners = this.closeListeners.splice(0);
    queueMicrotask(() => {
      for (const l of listeners) l(err);
    });
  }
}
