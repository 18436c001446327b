/**
 * The message catalogue: op codes, events, status/error codes and the shape of every
 * request and response. Defined once here; firmware and host both import it.
 *
 * Wire messages (CBOR arrays, see DESIGN §5):
 *   request   [seq, op, args]        seq 1..SEQ_MAX, args a CBOR array (positional)
 *   response  [seq, status, result]  status 0 = OK, otherwise an ErrorCode; result an array
 *   event     [0, event, data]       unsolicited (sweep points, warnings, frame errors)
 * An error response's result is [message, detail] (detail: the argument name, or null).
 */

export const Op = {
  HELLO: 1,
  STATUS: 2,
  CONFIG_GET: 3,
  CONFIG_SET: 4,
  SELECT: 5,
  PULSE: 6,
  READ: 7,
  SET_RESET: 8,
  SWEEP: 9,
  CAL_PUT: 10,
  CAL_GET: 11,
  ACTIVATE: 12,
  ACTIVATE_MANY: 13,
  SELFTEST: 14,
  SAFE: 15,
  HEARTBEAT: 16,
  /** Hands the board's console back to the USB REPL (so the espruino CLI can reflash). */
  CONSOLE: 17,
} as const;
export type OpCode = (typeof Op)[keyof typeof Op];

export const Event = {
  /** data: [index, currentUa, adcCounts, rHallMilliOhm] */
  SWEEP_POINT: 1,
  /** data: [errorCode, message]: a frame that could not be decoded (no seq known) */
  FRAME_ERROR: 2,
  /** data: [code, message]: something the host should know (guard delay, link timeout…) */
  WARNING: 3,
} as const;
export type EventCode = (typeof Event)[keyof typeof Event];

/** Codes carried in WARNING events (`[code, message]`) the firmware sends on its own. */
export const WarningCode = {
  /** No valid frame within heartbeatTimeoutMs while idle: outputs made safe. */
  LINK_TIMEOUT: 1,
  /** An exception inside the firmware: outputs made safe, the request answered INTERNAL. */
  INTERNAL_ERROR: 2,
} as const;
export type WarningCodeValue = (typeof WarningCode)[keyof typeof WarningCode];

/** Stable names of the WARNING codes (host listeners, logs). */
export const WARNING_NAMES: { [code: number]: string } = {
  1: 'LINK_TIMEOUT',
  2: 'INTERNAL_ERROR',
};

export const Status = { OK: 0 } as const;

export const ErrorCode = {
  BAD_FRAME: 1,
  BAD_CRC: 2,
  UNKNOWN_OP: 3,
  BAD_ARGUMENT: 4,
  OUT_OF_LIMITS: 5,
  THERMAL_GUARD: 6,
  BUSY: 7,
  NOT_CALIBRATED: 8,
  VERSION_MISMATCH: 9,
  INTERNAL: 10,
  STORAGE: 11,
  HARDWARE: 12,
} as const;
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Stable names, used as `code` strings by the host's NucleonError. */
export const ERROR_NAMES: { [code: number]: string } = {
  1: 'BAD_FRAME',
  2: 'BAD_CRC',
  3: 'UNKNOWN_OP',
  4: 'BAD_ARGUMENT',
  5: 'OUT_OF_LIMITS',
  6: 'THERMAL_GUARD',
  7: 'BUSY',
  8: 'NOT_CALIBRATED',
  9: 'VERSION_MISMATCH',
  10: 'INTERNAL',
  11: 'STORAGE',
  12: 'HARDWARE',
};

/** Default human messages (the firmware may add detail, e.g. the argument name). */
export const ERROR_MESSAGES: { [code: number]: string } = {
  1: 'frame could not be decoded (COBS/CBOR/shape)',
  2: 'frame CRC-32 mismatch',
  3: 'unknown op code',
  4: 'bad argument',
  5: 'value outside the board limits',
  6: 'thermal guard: channel needs to cool before this pulse',
  7: 'board busy: request queue full',
  8: 'channel not calibrated: run calibrate first',
  9: 'protocol version mismatch: flash matching firmware or update the host',
  10: 'internal firmware error; outputs made safe',
  11: 'storage error',
  12: 'hardware fault',
};

/**
 * Argument and result field types (all positional inside CBOR arrays):
 *  uint / int   integers; f32 float32; bool; text; null
 *  uints / f32s arrays of those
 *  map          a CBOR map with text keys (hello result, config, status)
 *  opt-uints    array of uints or null
 */
export type FieldType = 'uint' | 'int' | 'f32' | 'bool' | 'text' | 'uints' | 'f32s' | 'ints' | 'map' | 'opt-uints';

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
}

export interface OpSpec {
  readonly name: string;
  readonly code: number;
  readonly args: readonly FieldSpec[];
  readonly result: readonly FieldSpec[];
  /** true when the op drives current into a device (never repeated for a retransmitted seq) */
  readonly pulses: boolean;
}

const f = (name: string, type: FieldType): FieldSpec => ({ name, type });

/** The op table. Its canonical text is hashed into the schema hash sent in `hello`. */
export const OP_TABLE: readonly OpSpec[] = [
  { name: 'hello', code: Op.HELLO, pulses: false, args: [f('protocolVersion', 'uint')], result: [f('info', 'map')] },
  { name: 'status', code: Op.STATUS, pulses: false, args: [], result: [f('status', 'map')] },
  { name: 'configGet', code: Op.CONFIG_GET, pulses: false, args: [], result: [f('config', 'map')] },
  { name: 'configSet', code: Op.CONFIG_SET, pulses: false, args: [f('config', 'map')], result: [f('config', 'map')] },
  { name: 'select', code: Op.SELECT, pulses: false, args: [f('channel', 'uint')], result: [f('channel', 'uint')] },
  {
    name: 'pulse',
    code: Op.PULSE,
    pulses: true,
    args: [f('channel', 'uint'), f('currentUa', 'int'), f('widthUs', 'uint')],
    result: [f('appliedUa', 'int'), f('widthUs', 'uint'), f('waitedMs', 'uint')],
  },
  {
    name: 'read',
    code: Op.READ,
    pulses: false,
    args: [f('channel', 'uint')],
    result: [f('adcCounts', 'uint'), f('rHallMilliOhm', 'int'), f('settleMs', 'uint')],
  },
  {
    name: 'setReset',
    code: Op.SET_RESET,
    pulses: true,
    args: [f('channel', 'uint'), f('currentUa', 'int'), f('widthUs', 'uint')],
    result: [f('pulses', 'uint'), f('appliedUa', 'int'), f('waitedMs', 'uint')],
  },
  {
    name: 'sweep',
    code: Op.SWEEP,
    pulses: true,
    args: [f('channel', 'uint'), f('widthUs', 'uint'), f('startUa', 'int'), f('peakUa', 'int'), f('steps', 'uint')],
    result: [f('points', 'uint'), f('deviceTimeMs', 'uint')],
  },
  {
    name: 'calPut',
    code: Op.CAL_PUT,
    pulses: false,
    args: [
      f('channel', 'uint'),
      f('iLowUa', 'int'),
      f('iHighUa', 'int'),
      f('widthUs', 'uint'),
      f('resetUa', 'int'),
      f('rLowMilliOhm', 'int'),
      f('rHighMilliOhm', 'int'),
      f('xMin', 'f32'),
      f('xMax', 'f32'),
    ],
    result: [f('stored', 'bool')],
  },
  {
    name: 'calGet',
    code: Op.CAL_GET,
    pulses: false,
    args: [f('channel', 'uint')],
    result: [
      f('iLowUa', 'int'),
      f('iHighUa', 'int'),
      f('widthUs', 'uint'),
      f('resetUa', 'int'),
      f('rLowMilliOhm', 'int'),
      f('rHighMilliOhm', 'int'),
      f('xMin', 'f32'),
      f('xMax', 'f32'),
    ],
  },
  {
    name: 'activate',
    code: Op.ACTIVATE,
    pulses: true,
    args: [f('channel', 'uint'), f('x', 'f32')],
    result: [f('y', 'f32'), f('currentUa', 'int'), f('rHallMilliOhm', 'int'), f('deviceTimeMs', 'uint')],
  },
  {
    name: 'activateMany',
    code: Op.ACTIVATE_MANY,
    pulses: true,
    args: [f('channels', 'opt-uints'), f('xs', 'f32s')],
    result: [f('ys', 'f32s'), f('deviceTimeMs', 'uint')],
  },
  {
    name: 'selftest',
    code: Op.SELFTEST,
    pulses: false,
    args: [f('test', 'uint'), f('param', 'int')],
    result: [f('values', 'ints')],
  },
  { name: 'safe', code: Op.SAFE, pulses: false, args: [], result: [f('safe', 'bool')] },
  { name: 'heartbeat', code: Op.HEARTBEAT, pulses: false, args: [f('token', 'uint')], result: [f('token', 'uint'), f('uptimeMs', 'uint')] },
  { name: 'console', code: Op.CONSOLE, pulses: false, args: [], result: [f('console', 'bool')] },
];

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
