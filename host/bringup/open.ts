/**
 * Opens a board for bring-up with short timeouts for the ops that answer at once (a lost frame
 * costs a fraction of a second, not two), and keeps count of what arrived on the link before
 * hello succeeded: when hello fails, "no byte at all" (power, firmware, port) and "bytes, but
 * every frame broken" (cable, ground, baud) call for different checks on the bench.
 */
import { FrameDecoder } from '../../protocol/frame-decoder';
import { Board } from '../client/board';
import { defaultWire } from '../client/default-wire';
import type { OpenBoardOptions } from '../open';
import { transportFor } from '../open';
import { parseBoardSpec } from '../transport/spec';

export const BRINGUP_TIMEOUTS_MS: { [op: string]: number } = {
  hello: 1000,
  heartbeat: 300,
  status: 1000,
  selftest: 1000,
  configGet: 1000,
  configSet: 1000,
  safe: 1000,
};

export interface LinkDiagnostics {
  bytesIn: number;
  framesOk: number;
  framesBad: number;
}

export interface BringupOpener {
  open(): Promise<Board>;
  diagnostics(): LinkDiagnostics;
}

export function openForBringup(spec: string, options: OpenBoardOptions = {}): BringupOpener {
  const diag: LinkDiagnostics = { bytesIn: 0, framesOk: 0, framesBad: 0 };
  const decoder = new FrameDecoder({
    onFrame() {
      diag.framesOk++;
    },
    onError() {
      diag.framesBad++;
    },
  });
  return {
    async open() {
      const transport = transportFor(parseBoardSpec(spec), options);
      transport.onData((bytes) => {
        diag.bytesIn += bytes.length;
        decoder.push(bytes);
      });
      return Board.connect(transport, {
        ...options,
        wire: options.wire ?? defaultWire(),
        timeoutsMs: { ...BRINGUP_TIMEOUTS_MS, ...options.timeoutsMs },
      });
    },
    diagnostics: () => ({ ...diag }),
  };
}
