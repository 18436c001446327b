/**
 * A scripted board for the client's fault tests (a version mismatch, a lost response): it
 * decodes with the protocol's portable codec, as the firmware does, and answers with `reply`.
 * Everything else in tests/host runs against the twin.
 */
import { cborDecode, cborEncode } from '../../protocol/cbor';
import { encodeFrame } from '../../protocol/frame';
import { FrameDecoder } from '../../protocol/frame-decoder';
import { PROTOCOL_VERSION } from '../../protocol/limits';
import { SCHEMA_HASH } from '../../protocol/schema-hash';
import type { MemoryEndpoint } from '../../host/transport/memory';

export type Reply = (seq: number, op: number, args: unknown[]) => unknown[] | null;

export interface ScriptedPeer {
  received: { seq: number; op: number; args: unknown[] }[];
  send(message: unknown[]): void;
  /** Resolves once `count` requests of `op` have arrived in all (an event, not a sleep). */
  received$(op: number, count: number): Promise<void>;
}

export function scriptedPeer(end: MemoryEndpoint, reply: Reply): ScriptedPeer {
  const waiters: { op: number; count: number; resolve: () => void }[] = [];
  const seen = (op: number): number => peer.received.filter((m) => m.op === op).length;
  const wake = (): void => {
    for (const w of waiters.splice(0)) {
      if (seen(w.op) >= w.count) w.resolve();
      else waiters.push(w);
    }
  };
  const peer: ScriptedPeer = {
    received: [],
    send(message) {
      void end.write(encodeFrame(cborEncode(message as never)));
    },
    received$(op, count) {
      return new Promise<void>((resolve) => {
        waiters.push({ op, count, resolve });
        wake();
      });
    },
  };
  const dec = new FrameDecoder({
    onFrame(cbor) {
      const msg = cborDecode(cbor.slice()) as unknown[];
      const [seq, op, args] = msg as [number, number, unknown[]];
      peer.received.push({ seq, op, args });
      const r = reply(seq, op, args);
      if (r) peer.send(r);
      wake();
    },
    onError() {
      /* ignored */
    },
  });
  end.onData((b) => dec.push(b));
  return peer;
}

/** A hello answer as the spec describes it (every key of hello's info map), with `extra` over it. */
export const HELLO_OK = (extra: Record<string, unknown> = {}): unknown[] => [
  {
    protocolVersion: PROTOCOL_VERSION,
    firmwareVersion: 'scripted',
    boardId: 'scripted',
    channels: 16,
    populatedMask: 1023,
    schemaHash: SCHEMA_HASH,
    fieldDeltaRMilliOhm: new Array(16).fill(0),
    limits: {
      maxCurrentUa: 30000,
      minWidthUs: 5,
      maxWidthUs: 300,
      dacBits: 12,
      adcBits: 12,
      stressMaxMicroJ: 1000,
      guardPermille: 800,
      defaultSettleMs: 2000,
      maxSweepSteps: 400,
    },
    ...extra,
  },
];
