/**
 * The boards a server owns, one slot per --board, and the namespaced neuron ids over them.
 * Adding a board adds neurons: nothing else in the server knows how many boards there are.
 */
import type { BoardOpener, BoardSlotOptions } from './board-slot';
import { BoardSlot } from './board-slot';
import { ServerError, ServerErrorCode } from './errors';
import type { FairQueueOptions } from './fair-queue';
import { boardIdOf, neuronIdOf, parseNeuronId } from './neuron-id';

export interface ResolvedNeuron {
  id: string;
  slot: BoardSlot;
  channel: number;
}

export interface BoardPoolOptions {
  specs: readonly string[];
  open: BoardOpener;
  queue: FairQueueOptions;
  slot?: Partial<Pick<BoardSlotOptions, 'clock' | 'reconnectMinMs' | 'reconnectMaxMs' | 'onStateChange'>>;
}

export class BoardPool {
  readonly slots: BoardSlot[];

  constructor(options: BoardPoolOptions) {
    if (options.specs.length === 0) throw new TypeError('BoardPool: at least one board spec is needed');
    this.slots = options.specs.map(
      (spec, index) => new BoardSlot({ ...options.slot, index, id: boardIdOf(index), spec, open: options.open, queue: options.queue }),
    );
  }

  /** Connects every board; if one cannot be opened, closes the others and rejects. */
  async start(): Promise<void> {
    const results = await Promise.allSettled(this.slots.map((s) => s.start()));
    const failed = results.findIndex((r) => r.status === 'rejected');
    if (failed >= 0) {
      await this.close();
      const reason = (results[failed] as PromiseRejectedResult).reason as unknown;
      const message = reason instanceof Error ? reason.message : String(reason);
      const err = new Error(`board ${this.slots[failed].id} (${this.slots[failed].spec}) could not be opened: ${message}`);
      (err as Error & { code?: string }).code = (reason as { code?: string })?.code;
      throw err;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.close()));
  }

  /** Every populated neuron, board by board, channel by channel. */
  neuronIds(): string[] {
    return this.slots.flatMap((s) => s.populated.map((ch) => neuronIdOf(s.index, ch)));
  }

  /** A neuron id → its board and channel; UNKNOWN_NEURON (404) names the ids that exist. */
  resolve(text: string, field = 'neuron'): ResolvedNeuron {
    const ref = parseNeuronId(text, this.slots.length);
    const slot = ref ? this.slots[ref.boardIndex] : undefined;
    if (!ref || !slot || !slot.populated.includes(ref.channel)) {
      let why = 'no such neuron';
      if (!ref) why = `neuron ids look like "b0:3" (board b0, channel 3)${this.slots.length === 1 ? ' or "3"' : ''}`;
      else if (!slot) why = `there is no board b${ref.boardIndex} (boards: ${this.slots.map((s) => s.id).join(', ')})`;
      else if (slot.info && ref.channel >= slot.info.channels) why = `board ${slot.id} has channels 0..${slot.info.channels - 1}`;
      else if (slot.info) why = `channel ${ref.channel} of board ${slot.id} is vacant (populated: ${slot.populated.join(', ')})`;
      throw new ServerError(ServerErrorCode.UNKNOWN_NEURON, 404, `unknown neuron "${truncate(text)}": ${why}`, {
        field,
        allowed: this.neuronIds(),
      });
    }
    return { id: neuronIdOf(ref.boardIndex, ref.channel), slot, channel: ref.channel };
  }
}

function truncate(s: string): string {
  return s.length > 40 ? s.slice(0, 40) + '…' : s;
}
