/**
 * Timers ordered by due time, ties by creation order (a binary heap keyed on (dueMs, order)).
 * Shared by the virtual and the real-time scheduler so both fire in exactly the same order.
 * A cleared timer is marked and skipped when it reaches the top (lazy deletion).
 */
export class TimerEntry {
  /** Due time of the firing that `takeNext` just returned (before a repeat re-queued it). */
  firedDueMs: number;
  cleared = false;

  constructor(
    readonly id: number,
    public dueMs: number,
    /** Creation order; a repeating timer keeps its first order only for ties with itself. */
    public order: number,
    readonly repeatMs: number,
    readonly callback: () => void,
  ) {
    this.firedDueMs = dueMs;
  }
}

/** x fires before y: earlier due time, ties by creation order. */
function less(x: TimerEntry, y: TimerEntry): boolean {
  return x.dueMs < y.dueMs || (x.dueMs === y.dueMs && x.order < y.order);
}

/** A pending timer as a state file holds it (its callback belongs to the running program). */
export interface TimerState {
  id: number;
  dueMs: number;
  order: number;
  repeatMs: number;
}

/** The queue's state: pending timers (by id) and the id and order counters. */
export interface TimerQueueState {
  nextId: number;
  nextOrder: number;
  timers: TimerState[];
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
    const entry = new TimerEntry(id, dueMs, this.nextOrder++, repeatMs, callback);
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
  saveState(): TimerQueueState {
    const timers = [...this.byId.values()].map((e) => ({ id: e.id, dueMs: e.dueMs, order: e.order, repeatMs: e.repeatMs }));
    timers.sort((a, b) => a.id - b.id);
    return { nextId: this.nextId, nextOrder: this.nextOrder, timers };
  }

  /** Pending timers by id (for matching a saved state's timers with a running program's). */
  pending(): TimerEntry[] {
    return [...this.byId.values()].sort((a, b) => a.id - b.id);
  }

  /**
   * Replaces the queue: each saved timer gets the callback `callbackFor(saved)` (the running
   * program's timer that stands for it) and keeps its id, due time and order.
   */
  loadState(state: TimerQueueState, callbackFor: (saved: TimerState) => () => void): void {
    this.clearAll();
    for (const t of state.timers) {
      const entry = new TimerEntry(t.id, t.dueMs, t.order, t.repeatMs, callbackFor(t));
      this.byId.set(t.id, entry);
      if (t.repeatMs <= 0) this.oneShots++;
      this.push(entry);
    }
    this.nextId = state.nextId;
    this.nextOrder = state.nextOrder;
  }

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

  /** Sift-up with a hole (no swaps): the entry moves up past every later parent. */
  private push(entry: TimerEntry): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (!less(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  private popTop(): TimerEntry | undefined {
    const heap = this.heap;
    const n = heap.length;
    if (n === 0) return undefined;
    const top = heap[0];
    const last = heap.pop() as TimerEntry;
    if (n > 1) {
      // sift `last` down from the root with a hole
      const size = n - 1;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        const r = l + 1;
        const c = r < size && less(heap[r], heap[l]) ? r : l;
        if (!less(heap[c], last)) break;
        heap[i] = heap[c];
        i = c;
      }
      heap[i] = last;
    }
    return top;
  }
}

/** Delay as setTimeout treats it: NaN, negative or non-finite → 0. */
export function sanitizeDelayMs(delayMs: number): number {
  return Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
}
