/**
 * The host ↔ board byte link (USB CDC / serial) with the spec's link faults, seeded:
 * - `link-loss:P`: each byte is dropped independently with probability P (a frame of n bytes
 *   survives with (1 − P)^n). Per byte, not per chunk, so the fault rate does not depend on how
 *   a transport happens to chunk its writes.
 * - `link-corrupt:P`: each byte, with probability P, gets one uniformly chosen bit flipped.
 * Both directions, each with its own random stream. Delivery is asynchronous (setImmediate),
 * in order, on a copy of the bytes, like a real port.
 */
import type { TwinLink } from './twin-api';
import { FrameDecoder } from '../../protocol/frame-decoder';
import { Rng } from './rng';

export interface LinkFaults {
  lossProbability: number;
  corruptProbability: number;
}

export interface LinkStats {
  /**
   * With faults on: frames the receiver's decoder (the protocol's own FrameDecoder, fed the
   * delivered bytes) accepted although they are not a frame the sender sent, i.e. damage that
   * passed COBS and the CRC. Must stay 0. `framesRejected`: delivered frames it refused.
   */
  damagedFramesAccepted: number;
  framesRejected: number;
  bytesSent: number;
  bytesDropped: number;
  bytesCorrupted: number;
}

/**
 * Audits one direction under faults: every frame the sender wrote (split at 0x00), and every
 * frame the delivered bytes decode to; a decoded frame that was never sent is damage that got
 * through. Keyed by the frame's encoded bytes, so a retransmitted frame is one entry.
 */
export class FrameAudit {
  private readonly sent = new Set<string>();
  private partial = '';
  private decodedRaw = '';
  private readonly decoder: FrameDecoder;

  constructor(private readonly stats: LinkStats) {
    this.decoder = new FrameDecoder({
      onFrame: () => {
        if (!this.sent.has(this.decodedRaw)) this.stats.damagedFramesAccepted++;
      },
      onError: () => {
        this.stats.framesRejected++;
      },
    });
  }

  private static hex(bytes: Uint8Array, from: number, to: number): string {
    let out = '';
    for (let i = from; i < to; i++) out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return out;
  }

  wrote(bytes: Uint8Array): void {
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] !== 0) continue;
      this.sent.add(this.partial + FrameAudit.hex(bytes, start, i));
      this.partial = '';
      start = i + 1;
    }
    this.partial += FrameAudit.hex(bytes, start, bytes.length);
  }

  delivered(bytes: Uint8Array): void {
    // byte by byte, so the frame's encoded bytes are known when the decoder accepts it
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) {
        this.decoder.pushByte(0);
        this.decodedRaw = '';
      } else {
        this.decodedRaw += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
        this.decoder.pushByte(bytes[i]);
      }
    }
  }
}

class Direction {
  readonly stats: LinkStats = { damagedFramesAccepted: 0, framesRejected: 0, bytesSent: 0, bytesDropped: 0, bytesCorrupted: 0 };
  private readonly audit: FrameAudit | null;
  private readonly listeners: ((bytes: Uint8Array) => void)[] = [];
  private readonly queue: Uint8Array[] = [];
  private scheduled = false;
  closed = false;

  constructor(
    private readonly faults: LinkFaults,
    readonly rng: Rng,
  ) {
    this.audit = faults.lossProbability > 0 || faults.corruptProbability > 0 ? new FrameAudit(this.stats) : null;
  }

  /** Bytes sent and not yet delivered. */
  get pending(): boolean {
    return this.queue.length > 0 && !this.closed;
  }

  listen(callback: (bytes: Uint8Array) => void): void {
    this.listeners.push(callback);
  }

  send(bytes: Uint8Array): void {
    if (this.closed) return;
    const { lossProbability: loss, corruptProbability: corrupt } = this.faults;
    if (loss === 0 && corrupt === 0) {
      this.stats.bytesSent += bytes.length;
      if (bytes.length > 0) {
        const copy = new Uint8Array(bytes.length); // a copy, whatever realm or Buffer the bytes are a view of
        copy.set(bytes);
        this.enqueue(copy);
      }
      return;
    }
    this.audit?.wrote(bytes);
    const out = new Uint8Array(bytes.length);
    let n = 0;
    for (let i = 0; i < bytes.length; i++) {
      this.stats.bytesSent++;
      if (loss > 0 && this.rng.next() < loss) {
        this.stats.bytesDropped++;
        continue;
      }
      let b = bytes[i];
      if (corrupt > 0 && this.rng.next() < corrupt) {
        b ^= 1 << this.rng.int(8);
        this.stats.bytesCorrupted++;
      }
      out[n++] = b;
    }
    if (n > 0) {
      const delivered = n === out.length ? out : out.subarray(0, n);
      this.audit?.delivered(delivered);
      this.enqueue(delivered);
    }
  }

  private enqueue(chunk: Uint8Array): void {
    this.queue.push(chunk);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.deliver);
    }
  }

  private readonly deliver = (): void => {
    this.scheduled = false;
    while (this.queue.length > 0 && !this.closed) {
      const chunk = this.queue.shift() as Uint8Array;
      for (const listener of this.listeners) listener(chunk);
    }
  };
}

export class BoardLink implements TwinLink {
  private readonly toBoard: Direction;
  private readonly toHost: Direction;
  /** Sees every host → board chunk before delivery (the activation count of delayed faults). */
  private tap: ((bytes: Uint8Array) => void) | null = null;
  private readonly dropListeners: ((reason: string) => void)[] = [];
  /** The link dropped for good (`fault=link-dead@N`): nothing crosses it any more. */
  dropped = false;

  constructor(seed: number, faults: LinkFaults = { lossProbability: 0, corruptProbability: 0 }) {
    this.toBoard = new Direction(faults, Rng.stream(seed, 'link-to-board'));
    this.toHost = new Direction(faults, Rng.stream(seed, 'link-to-host'));
  }

  hostWrite(bytes: Uint8Array): void {
    if (this.tap !== null) this.tap(bytes);
    if (this.dropped) return;
    this.toBoard.send(bytes);
  }

  /** `tap` sees every host → board chunk before the board does. */
  tapHostWrites(tap: (bytes: Uint8Array) => void): void {
    this.tap = tap;
  }

  /** Called once when the link drops for good, as a serial port's close on unplug. */
  onDrop(listener: (reason: string) => void): void {
    this.dropListeners.push(listener);
  }

  /** Drops the link for good: both directions stop, bytes in flight are lost, the host is told. */
  drop(reason: string): void {
    if (this.dropped) return;
    this.dropped = true;
    this.close();
    const listeners = this.dropListeners.splice(0);
    queueMicrotask(() => {
      for (const l of listeners) l(reason);
    });
  }

  onBoardData(callback: (bytes: Uint8Array) => void): void {
    this.toBoard.listen(callback);
  }

  boardWrite(bytes: Uint8Array): void {
    this.toHost.send(bytes);
  }

  onHostData(callback: (bytes: Uint8Array) => void): void {
    this.toHost.listen(callback);
  }

  /** True while bytes in either direction wait for delivery (the virtual scheduler yields then). */
  get pendingDelivery(): boolean {
    return this.toBoard.pending || this.toHost.pending;
  }

  get stats(): { toBoard: LinkStats; toHost: LinkStats } {
    return { toBoard: { ...this.toBoard.stats }, toHost: { ...this.toHost.stats } };
  }

  /** Stops delivery (twin disposed). */
  close(): void {
    this.toBoard.closed = true;
    this.toHost.closed = true;
  }

  saveState(): { toBoard: number[]; toHost: number[] } {
    return { toBoard: this.toBoard.rng.saveState(), toHost: this.toHost.rng.saveState() };
  }

  loadState(s: { toBoard: number[]; toHost: number[] }): void {
    this.toBoard.rng.loadState(s.toBoard);
    this.toHost.rng.loadState(s.toHost);
  }
}
