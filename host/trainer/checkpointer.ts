/**
 * Writes a run's checkpoints (checkpoint.ts: one atomic file) with the board's state where the
 * activation has one.
 *
 * `inRun`: a checkpoint every run with these options writes here (periodic, end of training).
 * Reading the board's counter (flush) is a request the board spends time on: it is part of the
 * run there, so the board is recorded after it; a stop checkpoint records the board before it,
 * as the unbroken run has it at this point.
 */
import type { HiddenActivation } from './activation';
import type { BoardCheckpoint } from './board-checkpoint';
import { writeCheckpoint, type CheckpointState } from './checkpoint';

export class Checkpointer {
  /** Examples trained when the checkpoint was last written in this process (null: not yet). */
  lastAt: number | null = null;

  constructor(
    private readonly file: string | undefined,
    private readonly activation: HiddenActivation,
    private readonly snapshot: (board: BoardCheckpoint | null) => CheckpointState,
  ) {}

  async save(inRun: boolean, trained: number): Promise<void> {
    if (!this.file) return;
    const boardBefore = inRun ? null : this.board();
    if (this.activation.flush) await this.activation.flush();
    writeCheckpoint(this.file, this.snapshot(inRun ? this.board() : boardBefore));
    this.lastAt = trained;
  }

  private board(): BoardCheckpoint | null {
    return this.activation.boardCheckpoint ? this.activation.boardCheckpoint() : null;
  }
}
