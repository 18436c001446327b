/**
 * Exactly-once by seq: the last RESPONSE_CACHE_SIZE answers are kept as encoded frames. A
 * request is a repeat when its seq and its hash (the firmware uses the frame's CRC-32) match a
 * slot: a finished one is answered with the stored bytes, one still pending is ignored.
 * The same seq with different content (a restarted host) is a new request.
 *
 * Each answer is stored as a copy of exactly its length (`complete`), not in a preallocated
 * MAX_FRAME_BYTES slot: on a Pico eight 512-byte slots held ~320 of its 5 100 variables while a
 * typical answer is 10–70 bytes (1–6 variables). The worst case (eight maximal answers) is what
 * the preallocated slots always held.
 */
import { RESPONSE_CACHE_SIZE } from '../../protocol/limits';

export const SLOT_EMPTY = 0;
export const SLOT_PENDING = 1;
export const SLOT_DONE = 2;

/** A cheap 32-bit hash of bytes[start..end) (djb2-style; Espruino has no Math.imul). */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 5381;
  for (let i = start; i < end; i++) h = (((h << 5) + h) ^ bytes[i]) | 0;
  return h;
}

export class ResponseCache {
  readonly seqs = new Int32Array(RESPONSE_CACHE_SIZE);
  readonly hashes = new Int32Array(RESPONSE_CACHE_SIZE);
  readonly states = new Uint8Array(RESPONSE_CACHE_SIZE);
  readonly lengths = new Uint16Array(RESPONSE_CACHE_SIZE);
  /** The stored answer of each slot (valid while its state is SLOT_DONE). */
  readonly frames: Uint8Array[] = [];
  private next = 0;

  constructor() {
    const none = new Uint8Array(0);
    for (let i = 0; i < RESPONSE_CACHE_SIZE; i++) this.frames.push(none);
  }

  /**
   * Slot of a request with this seq and hash, or −1. The native `indexOf` finds the slots of
   * that seq (usually none), where a JS loop over the slots costs statements per slot.
   */
  find(seq: number, hash: number): number {
    const seqs = this.seqs;
    let i = seqs.indexOf(seq);
    while (i >= 0) {
      if (this.states[i] !== SLOT_EMPTY && this.hashes[i] === hash) return i;
      i = seqs.indexOf(seq, i + 1);
    }
    return -1;
  }

  /** Claims the oldest non-pending slot for a new request (evicting an old answer), or −1. */
  claim(seq: number, hash: number): number {
    // a stale answer with the same seq but other content must never be replayed
    const seqs = this.seqs;
    for (let i = seqs.indexOf(seq); i >= 0; i = seqs.indexOf(seq, i + 1)) {
      if (this.states[i] === SLOT_DONE) this.states[i] = SLOT_EMPTY;
    }
    for (let n = 0; n < RESPONSE_CACHE_SIZE; n++) {
      const i = (this.next + n) % RESPONSE_CACHE_SIZE;
      if (this.states[i] !== SLOT_PENDING) {
        this.next = (i + 1) % RESPONSE_CACHE_SIZE;
        this.seqs[i] = seq;
        this.hashes[i] = hash;
        this.states[i] = SLOT_PENDING;
        this.lengths[i] = 0;
        return i;
      }
    }
    return -1;
  }

  /** Marks a slot answered with frame[0, length) (copied: the caller reuses its buffer). */
  complete(slot: number, frame: Uint8Array, length: number): void {
    const copy = new Uint8Array(length);
    copy.set(frame.subarray(0, length), 0);
    this.frames[slot] = copy;
    this.lengths[slot] = length;
    this.states[slot] = SLOT_DONE;
  }

  /** Forgets a slot (an answer that must not be replayed, e.g. BUSY). */
  release(slot: number): void {
    this.states[slot] = SLOT_EMPTY;
  }

}
