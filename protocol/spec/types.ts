/**
 * The shapes of the protocol spec (protocol/ops.ts): ops with their argument and result fields,
 * events with their payload fields, and the error and warning codes. Field units are in the
 * field names (STYLE §12: `currentUa`, `widthUs`, `rHallMilliOhm`), so the schema hash, which
 * covers every name, covers the units too.
 */

/**
 * Field types (all positional inside CBOR arrays):
 *  uint / int   integers; f32 float32; bool; text
 *  uints / ints / f32s arrays of those
 *  map          a CBOR map with text keys (its `keys` list the fields it carries)
 *  opt-uints    array of uints or null
 *  f32le        float32 values packed little-endian in one byte string, 4 bytes each
 *               (protocol/f32le.ts; the host client takes and returns number arrays)
 */
export type FieldType = 'uint' | 'int' | 'f32' | 'bool' | 'text' | 'uints' | 'f32s' | 'ints' | 'map' | 'opt-uints' | 'f32le';

/**
 * How the firmware reads one argument of an op, or one key of an op's map argument (tools/gen
 * writes the readers into firmware/ops/readers.ts). Not part of the schema hash: it says where
 * the firmware keeps the value and which of its range checks applies, not what is on the wire.
 */
export interface ArgRead {
  /**
   * Where it goes: for a positional argument the firmware Job field (firmware/core/job.ts), e.g.
   * 'channel', 'a', 'ints[4]', or for an array a per-channel Job array ('channels', 'xs'); for a
   * map key the field of the object the key reader fills (configSet: the Config field).
   */
  readonly into: string;
  /**
   * channel: 0..channels−1 (BAD_ARGUMENT; on an opt-uints, each entry); current: within
   * ±maxCurrentUa (OUT_OF_LIMITS); width: minWidthUs..maxWidthUs (OUT_OF_LIMITS). Absent: the
   * type's own reader (uint with `min`/`max`, int, f32 finite, bool, text with `choices`).
   */
  readonly check?: 'channel' | 'current' | 'width';
  /** For a uint: the smallest accepted value (default 0). */
  readonly min?: number;
  /** For a uint: the largest, a number or the name of a firmware Params field (e.g. 'maxSweepSteps'). */
  readonly max?: number | string;
  /**
   * For a uint where 0 means off: the smallest value other than 0 (heartbeatTimeoutMs 500);
   * 1..minOn−1 are refused with "<name> must be 0 (off) or at least <minOn>".
   */
  readonly minOn?: number;
  /**
   * For a text map key: the two texts it takes; `into` gets the index of the one sent (the
   * firmware's constants for them are 0 and 1, e.g. SETTLE_FIXED, SETTLE_STABLE).
   */
  readonly choices?: readonly string[];
  /**
   * For an array argument (opt-uints with the channel check, f32le): the Job field its length
   * goes into. It holds 1..channels entries (the Job's arrays are per channel). An opt-uints and
   * the f32le after it that share this field must have the same length, and the opt-uints' null
   * means channels 0..n−1 for the f32le's n (activateMany's channels and xs).
   */
  readonly length?: string;
}

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  /**
   * An op argument's firmware reader, or a key's of an op's map argument (see ArgRead); ops
   * whose arguments have none read them by hand. Never on a result or event field.
   */
  readonly read?: ArgRead;
  /**
   * For a `map`: the keys it carries. A result map carries exactly these; an argument map
   * (configSet) any of them. Absent: a map whose keys the spec leaves open (none today).
   */
  readonly keys?: readonly FieldSpec[];
}

export interface OpSpec {
  /** camelCase: the Board client's method, the firmware handler's export and file (kebab-case). */
  readonly name: string;
  readonly code: number;
  readonly args: readonly FieldSpec[];
  readonly result: readonly FieldSpec[];
  /** true when the op drives current into a device (never repeated for a retransmitted seq) */
  readonly pulses: boolean;
}

export interface EventSpec {
  /** camelCase (the constant is its UPPER_SNAKE form, e.g. SWEEP_POINT). */
  readonly name: string;
  readonly code: number;
  readonly data: readonly FieldSpec[];
}

/** An error or warning code: its UPPER_SNAKE name and its default human message. */
export interface CodeSpec {
  readonly name: string;
  readonly code: number;
  readonly message: string;
}

/** Everything both sides must agree on: what the generator reads and the schema hash covers. */
export interface ProtocolSpec {
  readonly ops: readonly OpSpec[];
  readonly events: readonly EventSpec[];
  readonly errors: readonly CodeSpec[];
  readonly warnings: readonly CodeSpec[];
}
