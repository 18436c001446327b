/**
 * What the stages share: the open board, its hello answer, its board definition when this host
 * knows it (pin names for the bench hints), the options, and what earlier stages found.
 */
import type { BoardDefinition } from '../../board/definitions/definition';
import type { Board } from '../client/board';
import type { HelloInfo } from '../client/hello';
import type { Calibration, LoopPoint } from '../calibration/types';

export interface BringupOptions {
  /** Heartbeats the link stage sends (default 100). */
  heartbeats: number;
  /** The link stage stops early after this many link errors (default 5). */
  maxLinkErrors: number;
  /** Pulse width of loops, calibration and live checks (default 5 µs, as in the paper). */
  widthUs: number;
  /** Points per device loop in the devices stage (default 120). */
  loopSteps: number;
  /** Points per calibration sweep (default 200). */
  calSteps: number;
  /**
   * The devices' full ΔR_AHE (from a field sweep), the switching ratio's denominator. Default
   * null: the board's own per-channel value from hello (its definition's fieldDeltaROhm); when
   * neither is known the ratio is not judged.
   */
  fullDeltaROhm: number | null;
  /** Channels to test in the device stages (default: every populated channel). */
  channels: number[] | null;
  /** Run the remaining stages after a failure (default false: stop, see docs/bringup.md). */
  keepGoing: boolean;
}

export const DEFAULT_BRINGUP_OPTIONS: BringupOptions = {
  heartbeats: 100,
  maxLinkErrors: 5,
  widthUs: 5,
  loopSteps: 120,
  calSteps: 400,
  fullDeltaROhm: null,
  channels: null,
  keepGoing: false,
};

/** Per-channel findings the later stages build on. */
export interface ChannelFindings {
  /** Populated channels whose select value read back and whose path reads closed. */
  usable: number[];
  /** Noise floor of one reading, Ω rms (lock-in stage); NaN before it ran. */
  noiseOhm: number;
  /** Ω per ADC count, estimated from readings (NaN when unknown). */
  ohmPerCount: number;
  loops: Map<number, LoopPoint[]>;
  calibrations: Map<number, Calibration>;
}

export interface BringupContext {
  board: Board;
  info: HelloInfo;
  definition: BoardDefinition | null;
  options: BringupOptions;
  found: ChannelFindings;
}

/** Pin name of select bit `bit` (S0..S3) from the definition, or null. */
export function selectPin(def: BoardDefinition | null, bit: number): string | null {
  if (!def) return null;
  return def.pins.select[3 - bit] ?? null;
}

/** "S2 (pin B4)" or "S2". */
export function selectLineName(def: BoardDefinition | null, bit: number): string {
  const pin = selectPin(def, bit);
  return pin ? `S${bit} (pin ${pin})` : `S${bit}`;
}
