/**
 * hello [protocolVersion] → [info map]: versions, board, schema hash, the devices' field ΔR
 * (board definition) and limits; a version other than ours is refused with advice.
 */
import { CborWriterCore } from '../../protocol/cbor/writer-core';
import { MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from '../../protocol/limits';
import { ErrorCode } from '../../protocol/ops';
import type { OpContext } from '../core/op-context';
import { DONE, Job } from '../core/job';
import type { OpHandler } from './op';
import { readHelloArgs } from './readers';

/** The info map: every value is a constant of the build and the board. */
function writeInfo(fw: OpContext, w: CborWriterCore): void {
  const p = fw.params;
  w.arrayHeader(1);
  w.mapHeader(8);
  w.text('protocolVersion');
  w.uint(PROTOCOL_VERSION);
  w.text('firmwareVersion');
  w.text(fw.version);
  w.text('boardId');
  w.text(p.board.id);
  w.text('channels');
  w.uint(p.channels);
  w.text('populatedMask');
  w.uint(p.populatedMask);
  w.text('schemaHash');
  w.uint(fw.schemaHash);
  // per channel: the devices' field-induced ΔR_AHE from the board definition, 0 = not known
  w.text('fieldDeltaRMilliOhm');
  w.arrayHeader(p.channels);
  for (let ch = 0; ch < p.channels; ch++) w.uint(p.board.fieldDeltaRMilliOhm[ch]);
  w.text('limits');
  w.mapHeader(9);
  w.text('maxCurrentUa');
  w.uint(p.maxCurrentUa);
  w.text('minWidthUs');
  w.uint(p.minWidthUs);
  w.text('maxWidthUs');
  w.uint(p.maxWidthUs);
  w.text('dacBits');
  w.uint(p.board.dac.bits);
  w.text('adcBits');
  w.uint(p.board.adc.bits);
  w.text('stressMaxMicroJ');
  w.uint(Math.round(p.board.limits.stressMaxMj * 1000));
  w.text('guardPermille');
  w.uint(Math.round(p.board.limits.guardFraction * 1000));
  w.text('defaultSettleMs');
  w.uint(p.defaultSettleMs);
  w.text('maxSweepSteps');
  w.uint(p.maxSweepSteps);
}

export const hello: OpHandler = {
  /** The result is all constants: encoded once, at boot, and copied into every answer. */
  prepare(fw: OpContext): void {
    const w = new CborWriterCore(new Uint8Array(MAX_MESSAGE_BYTES));
    writeInfo(fw, w);
    fw.helloResult = w.copy();
  },
  parse: readHelloArgs,
  step(fw: OpContext, job: Job): number {
    if (job.intArg1 !== PROTOCOL_VERSION) {
      const advice =
        job.intArg1 > PROTOCOL_VERSION
          ? 'flash newer firmware (nucleon flash) or use an older host SDK'
          : 'update the host SDK (npm i nucleon) or flash firmware that speaks protocol ' + job.intArg1;
      return job.fail(
        ErrorCode.VERSION_MISMATCH,
        'host speaks protocol ' + job.intArg1 + ', firmware ' + fw.version + ' speaks ' + PROTOCOL_VERSION + ': ' + advice,
        'protocolVersion',
      );
    }
    return DONE;
  },
  result(fw: OpContext, job: Job, w: CborWriterCore): void {
    const info = fw.helloResult;
    w.raw(info, 0, info.length);
  },
};
