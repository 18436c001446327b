/**
 * Argument readers shared by the ops. Each reads one positional argument, checks its type
 * (BAD_ARGUMENT) and range (BAD_ARGUMENT for channels and structure, OUT_OF_LIMITS for
 * electrical limits), records the first problem in the job and returns the value; callers check
 * `job.errorCode` once after reading.
 */
import type { CborReaderCore } from '../../protocol/cbor/reader-core';
import { CborKind } from '../../protocol/cbor/constants';
import { ErrorCode } from '../../protocol/ops';
import type { OpContext } from '../core/op-context';
import type { Job } from '../core/job';

function typeError(job: Job, r: CborReaderCore, name: string, what: string): number {
  if (job.errorCode === 0) job.fail(ErrorCode.BAD_ARGUMENT, name + ' must be ' + what, name);
  return 0;
}

export function argUint(job: Job, r: CborReaderCore, name: string, min: number, max: number): number {
  if (job.errorCode !== 0) return 0;
  const v = r.readUint();
  if (r.error !== 0) return typeError(job, r, name, 'an unsigned integer');
  if (v < min || v > max) job.fail(ErrorCode.BAD_ARGUMENT, name + ' ' + v + ' outside [' + min + ', ' + max + ']', name);
  return v;
}

export function argInt(job: Job, r: CborReaderCore, name: string): number {
  if (job.errorCode !== 0) return 0;
  const v = r.readInt();
  if (r.error !== 0) return typeError(job, r, name, 'an integer');
  return v;
}

export function argFloat(job: Job, r: CborReaderCore, name: string): number {
  if (job.errorCode !== 0) return 0;
  const v = r.readFloat();
  if (r.error !== 0) return typeError(job, r, name, 'a number');
  if (!isFinite(v)) job.fail(ErrorCode.BAD_ARGUMENT, name + ' must be finite', name);
  return v;
}

export function argChannel(fw: OpContext, job: Job, r: CborReaderCore): number {
  return argUint(job, r, 'channel', 0, fw.params.channels - 1);
}

/** A current argument within ±maxCurrentUa (OUT_OF_LIMITS otherwise). */
export function argCurrent(fw: OpContext, job: Job, r: CborReaderCore, name: string): number {
  const v = argInt(job, r, name);
  const max = fw.params.maxCurrentUa;
  if (job.errorCode === 0 && (v < -max || v > max)) {
    job.fail(ErrorCode.OUT_OF_LIMITS, name + ' ' + v + ' uA outside [' + -max + ', ' + max + '] uA', name);
  }
  return v;
}

/** A pulse width within [minWidthUs, maxWidthUs] (OUT_OF_LIMITS otherwise). */
export function argWidth(fw: OpContext, job: Job, r: CborReaderCore): number {
  if (job.errorCode !== 0) return 0;
  const v = r.readUint();
  if (r.error !== 0) return typeError(job, r, 'widthUs', 'an unsigned integer');
  const p = fw.params;
  if (v < p.minWidthUs || v > p.maxWidthUs) {
    job.fail(ErrorCode.OUT_OF_LIMITS, 'widthUs ' + v + ' us outside [' + p.minWidthUs + ', ' + p.maxWidthUs + '] us', 'widthUs');
  }
  return v;
}

/** A text that is one of two choices: 0 for `a`, 1 for `b` (BAD_ARGUMENT otherwise). */
export function argChoice(job: Job, r: CborReaderCore, name: string, a: string, b: string): number {
  if (job.errorCode !== 0) return 0;
  if (r.peekKind() === CborKind.TEXT) {
    const v = r.readText();
    if (v === a) return 0;
    if (v === b) return 1;
  }
  job.fail(ErrorCode.BAD_ARGUMENT, name + ' must be "' + a + '" or "' + b + '"', name);
  return 0;
}
