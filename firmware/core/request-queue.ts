/**
 * A small fixed ring of received requests waiting for the executor (each a copy of exactly its
 * CBOR bytes: on a Pico four preallocated MAX_MESSAGE_BYTES slots held ~155 variables while a
 * request is 5–70 bytes). Full → the link layer answers BUSY.
 */
export const QUEUE_SLOTS = 4;

export class RequestQueue {
  readonly messages: Uint8Array[] = [];
  readonly lengths = new Uint16Array(QUEUE_SLOTS);
  readonly cacheSlots = new Int8Array(QUEUE_SLOTS);
  private head = 0;
  private readonly none = new Uint8Array(0);
  size = 0;

  constructor() {
    const none = new Uint8Array(0);
    for (let i = 0; i < QUEUE_SLOTS; i++) this.messages.push(none);
  }

  get full(): boolean {
    return this.size === QUEUE_SLOTS;
  }

  push(cbor: Uint8Array, start: number, end: number, cacheSlot: number): boolean {
    if (this.size === QUEUE_SLOTS) return false;
    const i = (this.head + this.size) % QUEUE_SLOTS;
    const n = end - start;
    const copy = new Uint8Array(n);
    copy.set(cbor.subarray(start, end), 0);
    this.messages[i] = copy;
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
    this.messages[this.head] = this.none;
    this.head = (this.head + 1) % QUEUE_SLOTS;
    this.size--;
  }

}
