/**
 * The protocol spec: op codes, the shape of every request and response (fields, types, map
 * keys), event payloads, and the error and warning codes with their names and messages.
 * Defined once here; `npm run gen` (tools/gen/) writes from it the constants
 * (protocol/codes.ts), the firmware's dispatch table (firmware/ops/index.ts) and the host's
 * typed op client (host/client/ops.ts). The schema hash sent in `hello` covers all of it.
 *
 * Wire messages (CBOR arrays, see DESIGN §5):
 *   request   [seq, op, args]        seq 1..SEQ_MAX, args a CBOR array (positional)
 *   response  [seq, status, result]  status 0 = OK, otherwise an ErrorCode; result an array
 *   event     [0, event, data]       unsolicited (sweep points, warnings, frame errors)
 * An error response's result is [message, detail] (detail: the argument name, or null).
 */
import type { ArgRead, CodeSpec, EventSpec, FieldSpec, FieldType, OpSpec, ProtocolSpec } from './spec/types';

export type { ArgRead, CodeSpec, EventSpec, FieldSpec, FieldType, OpSpec, ProtocolSpec } from './spec/types';
export { Op, Event, ErrorCode, WarningCode } from './codes';
export type { OpCode, EventCode, ErrorCodeValue, WarningCodeValue } from './codes';

export const Status = { OK: 0 } as const;

const f = (name: string, type: FieldType): FieldSpec => ({ name, type });
/** An op argument with its firmware reader (where it goes in the Job, which check applies). */
const arg = (name: string, type: FieldType, read: ArgRead): FieldSpec => ({ name, type, read });
const CHANNEL_ARG = arg('channel', 'uint', { into: 'channel', check: 'channel' });
/** A map field and the keys it carries. */
const m = (name: string, keys: readonly FieldSpec[]): FieldSpec => ({ name, type: 'map', keys });

/** The error codes an error response carries, with their default messages. */
export const ERROR_TABLE: readonly CodeSpec[] = [
  { code: 1, name: 'BAD_FRAME', message: 'frame could not be decoded (COBS/CBOR/shape)' },
  { code: 2, name: 'BAD_CRC', message: 'frame CRC-32 mismatch' },
  { code: 3, name: 'UNKNOWN_OP', message: 'unknown op code' },
  { code: 4, name: 'BAD_ARGUMENT', message: 'bad argument' },
  { code: 5, name: 'OUT_OF_LIMITS', message: 'value outside the board limits' },
  { code: 6, name: 'THERMAL_GUARD', message: 'thermal guard: channel needs to cool before this pulse' },
  { code: 7, name: 'BUSY', message: 'board busy: request queue full' },
  { code: 8, name: 'NOT_CALIBRATED', message: 'channel not calibrated: run calibrate first' },
  { code: 9, name: 'VERSION_MISMATCH', message: 'protocol version mismatch: flash matching firmware or update the host' },
  { code: 10, name: 'INTERNAL', message: 'internal firmware error; outputs made safe' },
  { code: 11, name: 'STORAGE', message: 'storage error' },
  { code: 12, name: 'HARDWARE', message: 'hardware fault' },
];

/** The codes WARNING events carry (`[code, message]`), sent by the firmware on its own. */
export const WARNING_TABLE: readonly CodeSpec[] = [
  {
    code: 1,
    name: 'LINK_TIMEOUT',
    message: 'no valid frame within heartbeatTimeoutMs while idle: outputs made safe (DAC 0, EN low); the next request works as usual',
  },
  {
    code: 2,
    name: 'INTERNAL_ERROR',
    message: 'an exception inside the firmware: outputs made safe, the request answered INTERNAL; the firmware keeps serving',
  },
];

/** code → name and code → message of a code table. */
function namesOf(table: readonly CodeSpec[]): { [code: number]: string } {
  const out: { [code: number]: string } = {};
  for (const c of table) out[c.code] = c.name;
  return out;
}

function messagesOf(table: readonly CodeSpec[]): { [code: number]: string } {
  const out: { [code: number]: string } = {};
  for (const c of table) out[c.code] = c.message;
  return out;
}

/** Stable names, used as `code` strings by the host's NucleonError. */
export const ERROR_NAMES = namesOf(ERROR_TABLE);
/** Default human messages (the firmware may add detail, e.g. the argument name). */
export const ERROR_MESSAGES = messagesOf(ERROR_TABLE);
/** Stable names of the WARNING codes (host listeners, logs). */
export const WARNING_NAMES = namesOf(WARNING_TABLE);
/** What each WARNING code means (the firmware's own message adds the detail). */
export const WARNING_MESSAGES = messagesOf(WARNING_TABLE);

/** Unsolicited messages `[0, event, data]`. */
export const EVENT_TABLE: readonly EventSpec[] = [
  { name: 'sweepPoint', code: 1, data: [f('index', 'uint'), f('currentUa', 'int'), f('adcCounts', 'uint'), f('rHallMilliOhm', 'int')] },
  /** a frame that could not be decoded (no seq known) */
  { name: 'frameError', code: 2, data: [f('errorCode', 'uint'), f('message', 'text')] },
  /** something the host should know (link timeout, internal error): a WARNING_TABLE code */
  { name: 'warning', code: 3, data: [f('code', 'uint'), f('message', 'text')] },
];

/** The keys of hello's info map (its limits, a map in it). */
const HELLO_INFO: readonly FieldSpec[] = [
  f('protocolVersion', 'uint'),
  f('firmwareVersion', 'text'),
  f('boardId', 'text'),
  f('channels', 'uint'),
  f('populatedMask', 'uint'),
  f('schemaHash', 'uint'),
  /** per channel: the devices' field-induced ΔR_AHE from the board definition, 0 = not known */
  f('fieldDeltaRMilliOhm', 'uints'),
  m('limits', [
    f('maxCurrentUa', 'uint'),
    f('minWidthUs', 'uint'),
    f('maxWidthUs', 'uint'),
    f('dacBits', 'uint'),
    f('adcBits', 'uint'),
    f('stressMaxMicroJ', 'uint'),
    f('guardPermille', 'uint'),
    f('defaultSettleMs', 'uint'),
    f('maxSweepSteps', 'uint'),
  ]),
];

const STATUS_KEYS: readonly FieldSpec[] = [
  f('uptimeMs', 'uint'),
  /** the selected channel, −1 when none */
  f('channel', 'int'),
  f('enabled', 'bool'),
  f('busy', 'bool'),
  f('queued', 'uint'),
  f('pulses', 'uint'),
  f('pulsesPerChannel', 'uints'),
  f('activations', 'uint'),
  f('framesOk', 'uint'),
  f('frameErrors', 'uint'),
  f('internalErrors', 'uint'),
  f('stressPermille', 'uints'),
];

/**
 * configSet's map keys, with the firmware's reader of each (into the Config field of that name,
 * firmware/core/config.ts): settleMode "fixed"|"stable" (SETTLE_FIXED, SETTLE_STABLE),
 * guardMode "refuse"|"delay" (GUARD_REFUSE, GUARD_DELAY), heartbeatTimeoutMs 0 (off) or ≥ 500.
 */
const CONFIG_SET_KEYS: readonly FieldSpec[] = [
  arg('settleMode', 'text', { into: 'settleMode', choices: ['fixed', 'stable'] }),
  arg('settleMs', 'uint', { into: 'settleMs', max: 60000 }),
  arg('toleranceMilliOhm', 'uint', { into: 'toleranceMilliOhm', max: 1000000 }),
  arg('sampleIntervalMs', 'uint', { into: 'sampleIntervalMs', min: 1, max: 10000 }),
  arg('maxSettleMs', 'uint', { into: 'maxSettleMs', min: 1, max: 600000 }),
  arg('adcSamples', 'uint', { into: 'adcSamples', min: 1, max: 64 }),
  arg('guardMode', 'text', { into: 'guardMode', choices: ['refuse', 'delay'] }),
  arg('thermalGuard', 'bool', { into: 'thermalGuard' }),
  arg('maxGuardDelayMs', 'uint', { into: 'maxGuardDelayMs', max: 3600000 }),
  arg('heartbeatTimeoutMs', 'uint', { into: 'heartbeatTimeoutMs', max: 3600000, minOn: 500 }),
];

/** configGet's keys (and configSet's result): configSet's, without the readers. */
const CONFIG_KEYS: readonly FieldSpec[] = CONFIG_SET_KEYS.map((k) => f(k.name, k.type));

/** calPut's arguments after the channel: CAL_FIELDS, read into the Job's ints at the cal store's field indices (firmware/core/cal-store.ts CAL_I_LOW…). */
const CAL_PUT_ARGS: readonly FieldSpec[] = [
  arg('iLowUa', 'int', { into: 'ints[0]', check: 'current' }),
  arg('iHighUa', 'int', { into: 'ints[1]', check: 'current' }),
  arg('widthUs', 'uint', { into: 'ints[2]', check: 'width' }),
  arg('resetUa', 'int', { into: 'ints[3]', check: 'current' }),
  arg('rLowMilliOhm', 'int', { into: 'ints[4]' }),
  arg('rHighMilliOhm', 'int', { into: 'ints[5]' }),
  arg('xMin', 'f32', { into: 'numArg1' }),
  arg('xMax', 'f32', { into: 'numArg2' }),
];

const CAL_FIELDS: readonly FieldSpec[] = [
  f('iLowUa', 'int'),
  f('iHighUa', 'int'),
  f('widthUs', 'uint'),
  f('resetUa', 'int'),
  f('rLowMilliOhm', 'int'),
  f('rHighMilliOhm', 'int'),
  f('xMin', 'f32'),
  f('xMax', 'f32'),
];

/** The op table: codes 1…n, contiguous (the generator refuses gaps and duplicates). */
export const OP_TABLE: readonly OpSpec[] = [
  { name: 'hello', code: 1, pulses: false, args: [arg('protocolVersion', 'uint', { into: 'intArg1', max: 0xffff })], result: [m('info', HELLO_INFO)] },
  { name: 'status', code: 2, pulses: false, args: [], result: [m('status', STATUS_KEYS)] },
  { name: 'configGet', code: 3, pulses: false, args: [], result: [m('config', CONFIG_KEYS)] },
  { name: 'configSet', code: 4, pulses: false, args: [m('config', CONFIG_SET_KEYS)], result: [m('config', CONFIG_KEYS)] },
  { name: 'select', code: 5, pulses: false, args: [CHANNEL_ARG], result: [f('channel', 'uint')] },
  {
    name: 'pulse',
    code: 6,
    pulses: true,
    args: [CHANNEL_ARG, arg('currentUa', 'int', { into: 'currentUa', check: 'current' }), arg('widthUs', 'uint', { into: 'widthUs', check: 'width' })],
    result: [f('appliedUa', 'int'), f('widthUs', 'uint'), f('waitedMs', 'uint')],
  },
  {
    name: 'read',
    code: 7,
    pulses: false,
    args: [CHANNEL_ARG],
    result: [f('adcCounts', 'uint'), f('rHallMilliOhm', 'int'), f('settleMs', 'uint')],
  },
  {
    name: 'setReset',
    code: 8,
    pulses: true,
    args: [CHANNEL_ARG, arg('currentUa', 'int', { into: 'currentUa', check: 'current' }), arg('widthUs', 'uint', { into: 'widthUs', check: 'width' })],
    result: [f('pulses', 'uint'), f('appliedUa', 'int'), f('waitedMs', 'uint')],
  },
  {
    name: 'sweep',
    code: 9,
    pulses: true,
    args: [
      CHANNEL_ARG,
      arg('widthUs', 'uint', { into: 'widthUs', check: 'width' }),
      arg('startUa', 'int', { into: 'intArg1', check: 'current' }),
      arg('peakUa', 'int', { into: 'intArg2', check: 'current' }),
      arg('steps', 'uint', { into: 'count', min: 2, max: 'maxSweepSteps' }),
    ],
    result: [f('points', 'uint'), f('deviceTimeMs', 'uint')],
  },
  { name: 'calPut', code: 10, pulses: false, args: [CHANNEL_ARG].concat(CAL_PUT_ARGS), result: [f('stored', 'bool')] },
  { name: 'calGet', code: 11, pulses: false, args: [CHANNEL_ARG], result: CAL_FIELDS },
  {
    name: 'activate',
    code: 12,
    pulses: true,
    args: [CHANNEL_ARG, arg('x', 'f32', { into: 'numArg1' })],
    result: [f('y', 'f32'), f('currentUa', 'int'), f('rHallMilliOhm', 'int'), f('deviceTimeMs', 'uint')],
  },
  {
    name: 'activateMany',
    code: 13,
    pulses: true,
    args: [arg('channels', 'opt-uints', { into: 'channels', check: 'channel', length: 'count' }), arg('xs', 'f32le', { into: 'xs', length: 'count' })],
    result: [f('ys', 'f32le'), f('deviceTimeMs', 'uint')],
  },
  { name: 'selftest', code: 14, pulses: false, args: [arg('test', 'uint', { into: 'intArg1', min: 1, max: 4 }), arg('param', 'int', { into: 'intArg2' })], result: [f('values', 'ints')] },
  { name: 'safe', code: 15, pulses: false, args: [], result: [f('safe', 'bool')] },
  { name: 'heartbeat', code: 16, pulses: false, args: [arg('token', 'uint', { into: 'intArg1', max: 0xffffffff })], result: [f('token', 'uint'), f('uptimeMs', 'uint')] },
  /** Hands the board's console back to the USB REPL (so the espruino CLI can reflash). */
  { name: 'console', code: 17, pulses: false, args: [], result: [f('console', 'bool')] },
];

/** The whole spec, as the generator and the schema hash read it. */
export const PROTOCOL_SPEC: ProtocolSpec = { ops: OP_TABLE, events: EVENT_TABLE, errors: ERROR_TABLE, warnings: WARNING_TABLE };

/** Selftest primitives for bring-up (arg `test` of SELFTEST). */
export const SelfTest = {
  /** param: bus value 0..15; writes the select lines and reads them back → [written, readBack] */
  SELECT_LINES: 1,
  /** param: DAC code; sets the DAC (source gated off) → [code, readBackUa] */
  DAC: 2,
  /** param: samples; reads the ADC with the source off → [mean, min, max] counts */
  ADC_NOISE: 3,
  /** param: channel; open-circuit check → [adcCounts, open (0/1)] */
  OPEN_CHANNEL: 4,
} as const;
