/**
 * An in-memory byte pipe: two connected endpoints, each a Transport. Bytes written on one
 * side arrive asynchronously on the other; `hangUp()` makes the peer see a disconnect.
 */
import { BaseTransport } from './base';

export class MemoryEndpoint extends BaseTransport {
  peer: MemoryEndpoint | null = null;

  constructor(readonly description: string) {
    super();
  }

  protected async doOpen(): Promise<void> {
    /* nothing to open */
  }

  protected async doWrite(bytes: Uint8Array): Promise<void> {
    const peer = this.peer;
    const copy = bytes.slice();
    setImmediate(() => peer?.deliver(copy));
  }

  protected async doClose(): Promise<void> {
    const peer = this.peer;
    this.peer = null;
    if (peer) setImmediate(() => peer.hangUp());
  }

  deliver(bytes: Uint8Array): void {
    this.received(bytes);
  }

  /** The far end went away. */
  hangUp(): void {
    this.peer = null;
    this.lost('peer hung up');
  }
}

export function createMemoryPipe(): [MemoryEndpoint, MemoryEndpoint] {
  const a = new MemoryEndpoint('memory:a');
  const b = new MemoryEndpoint('memory:b');
  a.peer = b;
  b.peer = a;
  return [a, b];
}
