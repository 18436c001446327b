/**
 * A small fixed ring of received requests (CBOR bytes copied into preallocated slots) waiting
 * for the executor. Full → the link layer answers BUSY.
 */
import { MAX_MESSAGE_BYTES } from '../../protocol/limits';

export const QUEUE_SLOTS = 4;

export class RequestQueue {
  readonly messages: Uint8Array[] = [];
  readonly lengths = new Uint16Array(QUEUE_SLOTS);
  readonly cacheSlots = new Int8Array(QUEUE_SLOTS);
  private head = 0;
  size = 0;

  constructor() {
    for (let i = 0; i < QUEUE_SLOTS; i++) this.messages.push(new Uint8Array(MAX_MESSAGE_BYTES));
  }

  get full(): boolean {
    return this.size === QUEUE_SLOTS;
  }

  push(cbor: Uint8Array, start: number, end: number, cacheSlot: number): boolean {
    if (this.size === QUEUE_SLOTS) return false;
    const i = (this.head + this.size) % QUEUE_SLOTS;
    const dst = this.messages[i];
    const n = end - start;
    for (let k = 0; k < n; k++) dst[k] = cbor[start + k];
    this.lengths[i] = n;
    this.cacheSlots[i] = cacheSlot;
    this.size++;
    return true;
  }

  /** Index of the oldest entry (valid while size > 0). */
  peek(): number {
    return this.head;
  }

  pop(): void {
    this.head = (this.head + 1) % QUEUE_SLOTS;
    this.size--;
  }

  clear(): void {
    this.size = 0;
  }
}
