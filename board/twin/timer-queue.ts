/**
 * Timers ordered by due time, ties by creation order (a binary heap keyed on (dueMs, order)).
 * Shared by the virtual and the real-time scheduler so both fire in exactly the same order.
 * A cleared timer is marked and skipped when it reaches the top (lazy deletion).
 */
export interface TimerEntry {
  readonly id: number;
  dueMs: number;
  /** Due time of the firing that `takeNext` just returned (before a repeat re-queued it). */
  firedDueMs: number;
  /** Creation order; a repeating timer keeps its first order only for ties with itself. */
  order: number;
  readonly repeatMs: number;
  readonly callback: () => void;
  cleared: boolean;
}

export class TimerQueue {
  private heap: TimerEntry[] = [];
  private byId = new Map<number, TimerEntry>();
  private nextId = 1;
  private nextOrder = 1;
  private oneShots = 0;

  /** Number of live one-shot timers (the virtual scheduler fast-forwards while > 0). */
  get pendingOneShots(): number {
    return this.oneShots;
  }

  get size(): number {
    return this.byId.size;
  }

  add(callback: () => void, dueMs: number, repeatMs: number): number {
    const id = this.nextId++;
    const entry: TimerEntry = { id, dueMs, firedDueMs: dueMs, order: this.nextOrder++, repeatMs, callback, cleared: false };
    this.byId.set(id, entry);
    if (repeatMs <= 0) this.oneShots++;
    this.push(entry);
    return id;
  }

  clear(id: number): void {
    const entry = this.byId.get(id);
    if (entry === undefined) return;
    entry.cleared = true;
    this.byId.delete(id);
    if (entry.repeatMs <= 0) this.oneShots--;
  }

  clearAll(): void {
    for (const entry of this.byId.values()) entry.cleared = true;
    this.byId.clear();
    this.heap = [];
    this.oneShots = 0;
  }

  /** The earliest live timer, or undefined. */
  peek(): TimerEntry | undefined {
    this.dropCleared();
    return this.heap[0];
  }

  /**
   * Removes the earliest live timer, re-queues it if it repeats (due += repeatMs, a fresh
   * order so it sorts after timers created meanwhile with the same due time) and returns it.
   * The caller runs `entry.callback`.
   */
  takeNext(): TimerEntry | undefined {
    this.dropCleared();
    const entry = this.popTop();
    if (entry === undefined) return undefined;
    entry.firedDueMs = entry.dueMs;
    if (entry.repeatMs > 0) {
      entry.dueMs += entry.repeatMs;
      entry.order = this.nextOrder++;
      this.push(entry);
    } else {
      this.byId.delete(entry.id);
      this.oneShots--;
    }
    return entry;
  }

  private dropCleared(): void {
    while (this.heap.length > 0 && this.heap[0].cleared) this.popTop();
  }

  private less(x: TimerEntry, y: TimerEntry): boolean {
    return x.dueMs < y.dueMs || (x.dueMs === y.dueMs && x.order < y.order);
  }

  private push(entry: TimerEntry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  private popTop(): TimerEntry | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0];
    const last = heap.pop() as TimerEntry;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && this.less(heap[l], heap[m])) m = l;
        if (r < heap.length && this.less(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  }
}

/** Delay as setTimeout treats it: NaN, negative or non-finite → 0. */
export function sanitizeDelayMs(delayMs: number): number {
  return Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
}
