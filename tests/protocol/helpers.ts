/** Shared helpers for the protocol tests. */
import * as fs from 'fs';
import * as path from 'path';
import type { CborValue, MessageSender } from '../../protocol';

export function hex(u: Uint8Array): string {
  return Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('hex');
}

export function fromHex(h: string): Uint8Array {
  return new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** ../shared beside the checkout (the session's and CI's layout). */
export function sharedPath(...parts: string[]): string {
  const candidates = [path.join(__dirname, '../../../shared', ...parts), path.join(__dirname, '../../shared', ...parts)];
  for (const c of candidates) if (fs.existsSync(c)) return c;
  return candidates[0];
}

/** -0 → 0 everywhere (both codecs write −0 as the integer 0), Buffers → Uint8Array. */
export function normalize(v: unknown): unknown {
  if (typeof v === 'number') return Object.is(v, -0) ? 0 : v;
  if (v instanceof Uint8Array) return new Uint8Array(v);
  if (Array.isArray(v)) return v.map(normalize);
  if (v !== null && typeof v === 'object') {
    const o: { [k: string]: unknown } = {};
    for (const k of Object.keys(v)) o[k] = normalize((v as { [k: string]: unknown })[k]);
    return o;
  }
  return v;
}

export interface FrameFixture {
  name: string;
  sender: MessageSender;
  value: CborValue[];
  cbor: string;
  frame: string;
}

const X250 = '78'.repeat(250);
const Y200 = '79'.repeat(200);

/**
 * Messages with their CBOR and frame bytes, pinned: tested in both directions (value → bytes
 * and bytes → value) and replayed split at every offset.
 */
export const FRAME_FIXTURES: readonly FrameFixture[] = [
  { name: 'hello request', sender: 'host', value: [1, 1, [1]], cbor: '8301018101', frame: '0a8301018101dc85a99100' },
  { name: 'heartbeat request', sender: 'host', value: [2, 16, [42]], cbor: '83021081182a', frame: '0b83021081182aba68e31200' },
  {
    name: 'heartbeat request whose CRC holds a 0x00 byte',
    sender: 'host',
    value: [7, 16, [123]],
    cbor: '83071081187b',
    frame: '0a83071081187b6ee40d0100',
  },
  {
    name: 'activateMany request (float32 with 0x00 bytes)',
    sender: 'host',
    value: [3, 13, [null, [0.5, -0.25, 0, 1, 0.75]]],
    cbor: '83030d82f685fa3f000000fabe8000000001fa3f400000',
    frame: '0983030d82f685fa3f010104fabe8001010501fa3f400105cd7b933d00',
  },
  {
    name: 'pulse request, largest seq, negative current',
    sender: 'host',
    value: [65535, 6, [9, -30000, 300]],
    cbor: '8319ffff06830939752f19012c',
    frame: '128319ffff06830939752f19012c910d610700',
  },
  {
    name: 'hello response with a map',
    sender: 'board',
    value: [1, 0, [{ protocolVersion: 1, board: 'nucleon-pico-ref', channels: 16 }]],
    cbor: '83010081a36f70726f746f636f6c56657273696f6e0165626f617264706e75636c656f6e2d7069636f2d726566686368616e6e656c7310',
    frame:
      '0383013981a36f70726f746f636f6c56657273696f6e0165626f617264706e75636c656f6e2d7069636f2d726566686368616e6e656c73107ff513f400',
  },
  {
    name: 'error response',
    sender: 'board',
    value: [4, 4, ['bad argument', 'widthUs']],
    cbor: '830404826c62616420617267756d656e746777696474685573',
    frame: '1e830404826c62616420617267756d656e746777696474685573287f6a5e00',
  },
  {
    name: 'sweep point event',
    sender: 'board',
    value: [0, 1, [3, -1500, 2048, 123456]],
    cbor: '83000184033905db1908001a0001e240',
    frame: '0283090184033905db1908021a0801e240518d5ee000',
  },
  {
    name: 'long result: a full 254-byte COBS block',
    sender: 'board',
    value: [5, 0, ['x'.repeat(250), 'y'.repeat(200)]],
    cbor: '8305008278fa' + X250 + '78c8' + Y200,
    frame: '038305ff8278fa' + X250 + '78ce' + 'c8' + Y200 + '73dcb69400',
  },
];
