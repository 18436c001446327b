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
 * How the firmware reads one positional argument of an op (tools/gen writes the readers into
 * firmware/ops/readers.ts). Not part of the schema hash: it says where the firmware keeps the
 * value and which of its range checks applies, not what is on the wire.
 */
export interface ArgRead {
  /** The firmware Job field it goes into (firmware/core/job.ts), e.g. 'channel', 'a', 'ints[4]'. */
  readonly into: string;
  /**
   * channel: 0..channels−1 (BAD_ARGUMENT); current: within ±maxCurrentUa (OUT_OF_LIMITS);
   * width: minWidthUs..maxWidthUs (OUT_OF_LIMITS). Absent: the type's own reader (uint with
   * `min`/`max`, int, f32 finite).
   */
  readonly check?: 'channel' | 'current' | 'width';
  /** For a uint: the smallest accepted value (default 0). */
  readonly min?: number;
  /** For a uint: the largest, a number or the name of a firmware Params field (e.g. 'maxSweepSteps'). */
  readonly max?: number | string;
}

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  /** An op argument's firmware reader (see ArgRead); ops whose arguments have none read them by hand. */
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
