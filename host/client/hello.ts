/**
 * The board's `hello` answer, normalised, and the version/schema check that refuses a board
 * whose firmware speaks another protocol (DESIGN §5).
 */
import { HostErrorCode, NucleonError } from '../errors';
import type { HelloInfoMap } from './ops';

export interface BoardLimits {
  maxCurrentUa: number;
  minWidthUs: number;
  maxWidthUs: number;
  [key: string]: number;
}

export interface HelloInfo {
  protocolVersion: number;
  firmwareVersion: string;
  boardId: string;
  /** Selector channels (1..16). */
  channels: number;
  /** Channels that carry a device. */
  populated: number[];
  schemaHash: string;
  /**
   * Per channel, the devices' field-induced full ΔR_AHE,H (Ω) from the board definition (a
   * characterisation value measured once in a magnet), null where not known: the switching
   * ratio's denominator. All null for firmware that does not report it.
   */
  fieldDeltaROhm: (number | null)[];
  limits: BoardLimits;
  /** Everything the board sent, for fields this host does not know yet. */
  raw: Record<string, unknown>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function hashText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return (v >>> 0).toString(16);
  if (v instanceof Uint8Array) return Array.from(v, (b) => b.toString(16).padStart(2, '0')).join('');
  return '';
}

/**
 * The two facts of a hello answer that decide whether this host can talk to the board at all,
 * read leniently (a board of another schema may carry other keys): checked before the info
 * map is decoded against this host's spec.
 */
export function helloVersions(info: unknown): { protocolVersion: number; schemaHash: string } {
  if (!isRecord(info)) throw new NucleonError(HostErrorCode.PROTOCOL, 'hello: the board answered without an info map');
  const v = info.protocolVersion;
  return { protocolVersion: typeof v === 'number' ? v : -1, schemaHash: hashText(info.schemaHash) };
}

/** hello's `fieldDeltaRMilliOhm` (one uint per channel, 0 = not known) → Ω or null per channel. */
export function fieldDeltaROhmList(v: unknown, channels: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let c = 0; c < channels; c++) {
    const mOhm = Array.isArray(v) ? v[c] : undefined;
    out.push(typeof mOhm === 'number' && Number.isFinite(mOhm) && mOhm > 0 ? mOhm / 1000 : null);
  }
  return out;
}

/** `populated` may come as a bit mask or as a list of channel numbers. */
export function populatedList(v: unknown, channels: number): number[] {
  if (typeof v === 'number') {
    const out: number[] = [];
    for (let c = 0; c < channels; c++) if ((v >>> c) & 1) out.push(c);
    return out;
  }
  if (Array.isArray(v)) return v.filter((c): c is number => typeof c === 'number').sort((a, b) => a - b);
  return [];
}

/** The info map, decoded against the spec (host/client/ops.ts: every key present and typed), in host form. */
export function parseHello(info: HelloInfoMap): HelloInfo {
  const channels = info.channels;
  // The link watchdog (heartbeatTimeoutMs) is a config key, not a limit: the Board reads it with
  // configGet (host/client/heartbeat.ts).
  const limits: BoardLimits = { ...info.limits };
  return {
    protocolVersion: info.protocolVersion,
    firmwareVersion: info.firmwareVersion,
    boardId: info.boardId,
    channels,
    populated: populatedList(info.populatedMask, channels),
    schemaHash: hashText(info.schemaHash),
    fieldDeltaROhm: fieldDeltaROhmList(info.fieldDeltaRMilliOhm, channels),
    limits,
    raw: { ...info },
  };
}

/** What to do about a mismatch, in words a user can act on. */
export function mismatchAdvice(board: { protocolVersion: number; schemaHash: string }, host: { protocolVersion: number; schemaHash: string }): string {
  const boardText = `protocol v${board.protocolVersion}, op-table schema ${board.schemaHash || '?'}`;
  const hostText = `protocol v${host.protocolVersion}, op-table schema ${host.schemaHash}`;
  return (
    `the board firmware speaks ${boardText} but this host speaks ${hostText}. ` +
    'Reflash the board with firmware from this host (`nucleon flash --port PATH`), ' +
    'or update the host SDK to the version that matches the firmware.'
  );
}

export function checkCompatible(info: { protocolVersion: number; schemaHash: string }, host: { protocolVersion: number; schemaHash: string }): void {
  const hashKnown = info.schemaHash !== '' && host.schemaHash !== '';
  if (info.protocolVersion !== host.protocolVersion || (hashKnown && info.schemaHash !== host.schemaHash)) {
    throw new NucleonError(HostErrorCode.VERSION_MISMATCH, mismatchAdvice(info, host), { op: 'hello' });
  }
}
