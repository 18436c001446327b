/**
 * In-process transport: the twin runs in this process (board/twin/sim.ts) and bytes go straight
 * into its link. The fastest path, used by `sim` boards, the trainer and most tests.
 * The transport owns the simulated board: close() closes it.
 */
import { isDefinitionError } from '../../board/definitions/errors';
import { isTwinError } from '../../board/twin/errors';
import { HostErrorCode, NucleonError } from '../errors';
import { BaseTransport } from './base';
import { cutLongWords, shownSpec } from './cut';

/** Twin errors that mean "the spec is wrong", not "the link failed" (as does any DefinitionError). */
const SPEC_ERRORS = ['BAD_SPEC', 'UNKNOWN_KEY', 'BAD_VALUE', 'UNKNOWN_FAULT', 'BAD_STATE_FILE'] as const;

/** The part of board/twin/sim.ts's SimBoard the transport needs. */
export interface SimLink {
  write(bytes: Uint8Array): void;
  onData(callback: (bytes: Uint8Array) => void): void;
  /** The link dropped for good (a twin's `fault=link-dead@N`): the transport is lost, as a port unplugged. */
  onDrop?(callback: (reason: string) => void): void;
  close(): Promise<void>;
}

export class InProcessTransport<B extends SimLink = SimLink> extends BaseTransport {
  readonly description: string;
  private board: B | null = null;

  constructor(
    private readonly openSim: () => Promise<B>,
    description = 'sim',
  ) {
    super();
    this.description = description;
  }

  /** The simulated board (twin access for tests and tools); null before open / after close. */
  get sim(): B | null {
    return this.board;
  }

  protected async doOpen(): Promise<void> {
    let board: B;
    try {
      board = await this.openSim();
    } catch (err) {
      if (isDefinitionError(err) || SPEC_ERRORS.some((code) => isTwinError(err, code))) {
        throw new NucleonError(HostErrorCode.BAD_SPEC, `${shownSpec(this.description)}: ${cutLongWords((err as Error).message)}`, { cause: err });
      }
      throw err;
    }
    this.board = board;
    board.onData((bytes) => {
      // The twin may hand over a view into a buffer it reuses: copy.
      this.received(bytes.slice());
    });
    board.onDrop?.((reason) => this.lost(reason));
  }

  protected async doWrite(bytes: Uint8Array): Promise<void> {
    if (!this.board) throw new Error('simulated board gone');
    this.board.write(bytes.slice());
  }

  protected async doClose(): Promise<void> {
    const board = this.board;
    this.board = null;
    if (board) await board.close();
  }
}
