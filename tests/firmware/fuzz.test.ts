/**
 * 100 000 frames at the firmware bundle on the twin (seeded): random junk and mutated valid
 * frames mixed with valid requests (some retransmitted). Checks: no crash; every corrupted
 * frame answered by a FRAME_ERROR event and acting on nothing (the twin's gate-pulse counter
 * equals the pulses the valid requests asked for); no double pulse from a repeated seq; every
 * decodable frame answered. A mutation that still passes COBS + CRC is not a corrupted frame to
 * any receiver: those are counted, reported and not sent.
 */
import { decodeFrame, Event, Op } from '../../protocol';
import { PROTOCOL_VERSION } from '../../protocol/limits';
import { buildTestBundle, removeBundle, SimClient, type Reply } from './sim-client';

const TOTAL_FRAMES = Number(process.env.NUCLEON_FUZZ_FRAMES ?? 100_000);
const BATCH = 250;
const SEED = 0x5eed;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function decodable(piece: Uint8Array): boolean {
  try {
    decodeFrame(piece);
    return true;
  } catch {
    return false;
  }
}

/** Splits on 0x00 as the firmware's decoder does; returns the non-empty pieces. */
function pieces(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      if (i > start) out.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  return out;
}

let bundle = '';
beforeAll(async () => {
  bundle = await buildTestBundle('6.6.6-fuzz');
});
afterAll(() => removeBundle(bundle));

test(`${TOTAL_FRAMES} random and mutated frames: no crash, no pulse from a corrupted frame, no double pulse`, async () => {
  const rng = mulberry32(SEED);
  const int = (n: number): number => Math.floor(rng() * n);
  // firmware logic under hostile input, in model time (interp=off). With the twin's interpreter
  // time charged (2026-12-04 costs: hello 0.58 s, status 0.36 s on a Pico) a batch of ~10 requests
  // in one chunk kept the board busy past its 5 s watchdog, which reset it: a finding for the
  // firmware (issue 11's notes), not for this test
  const c = await SimClient.open(bundle, 'sim:interp=off');
  const started = Date.now();
  const validSeqs: number[] = [];
  const pulseSeqs = new Set<number>();
  let corrupted = 0;
  let skippedStillValid = 0;
  let retransmissions = 0;
  let sent = 0;
  let genMs = 0;
  let waitMs = 0;
  const validRequest = (): [number, number, unknown[]] => {
    const seq = c.seq();
    const ch = int(10);
    const pick = int(8);
    if (pick === 0) return [seq, Op.HELLO, [PROTOCOL_VERSION]];
    if (pick === 1) return [seq, Op.STATUS, []];
    if (pick === 2) return [seq, Op.HEARTBEAT, [int(1000)]];
    if (pick === 3) return [seq, Op.SELECT, [ch]];
    if (pick === 4) return [seq, Op.CAL_GET, [ch]];
    if (pick === 5) return [seq, Op.SELFTEST, [1, int(16)]];
    return [seq, Op.PULSE, [ch, (int(2) ? 1 : -1) * (1000 + int(29000)), 5]]; // one width: the twin precomputes its device model per width (~0.1 s each)
  };
  try {
    while (sent < TOTAL_FRAMES) {
      const t0 = Date.now();
      const chunks: Uint8Array[] = [];
      // retransmissions come back within the exactly-once window (RESPONSE_CACHE_SIZE answers):
      // after 0..3 further valid requests, as a host retrying a timed-out request would
      let pending: { frame: Uint8Array; after: number }[] = [];
      let retransmitted = 0;
      let expectErrors = 0;
      const batchSeqs: number[] = [];
      for (let k = 0; k < BATCH && sent < TOTAL_FRAMES; k++, sent++) {
        const kind = rng();
        if (kind < 0.1) {
          const [seq, op, args] = validRequest();
          const f = c.frame(seq, op, args);
          chunks.push(f);
          for (const p of pending) p.after--;
          for (const p of pending) if (p.after < 0) chunks.push(p.frame);
          retransmitted += pending.filter((p) => p.after < 0).length;
          pending = pending.filter((p) => p.after >= 0);
          batchSeqs.push(seq);
          if (op === Op.PULSE) pulseSeqs.add(seq);
          if (rng() < 0.3) pending.push({ frame: f, after: int(4) });
          continue;
        }
        let bytes: Uint8Array;
        if (kind < 0.55) {
          bytes = new Uint8Array(1 + int(80));
          for (let i = 0; i < bytes.length; i++) bytes[i] = 1 + int(255);
          bytes = Uint8Array.of(...bytes, 0);
        } else {
          const [seq, op, args] = validRequest();
          bytes = c.frame(seq, op, args).slice();
          const edits = 1 + int(3);
          for (let e = 0; e < edits; e++) {
            const at = int(bytes.length - 1);
            const how = int(3);
            if (how === 0) bytes[at] ^= 1 << int(8);
            else if (how === 1) bytes[at] = int(256);
            else bytes = Uint8Array.of(...bytes.subarray(0, at), ...bytes.subarray(at + 1));
          }
          if (bytes[bytes.length - 1] !== 0) bytes = Uint8Array.of(...bytes, 0);
        }
        const ps = pieces(bytes);
        if (ps.some(decodable)) {
          skippedStillValid++;
          continue;
        }
        corrupted += ps.length;
        expectErrors += ps.length;
        chunks.push(bytes);
      }
      for (const p of pending) chunks.push(p.frame);
      retransmissions += retransmitted + pending.length;
      const errorsBefore = c.eventCount(Event.FRAME_ERROR);
      const total = chunks.reduce((n, ch) => n + ch.length, 0);
      const all = new Uint8Array(total);
      let o = 0;
      for (const ch of chunks) {
        all.set(ch, o);
        o += ch.length;
      }
      c.board.write(all);
      validSeqs.push(...batchSeqs);
      const t1 = Date.now();
      genMs += t1 - t0;
      await c.until(
        () =>
          batchSeqs.every((s) => c.replies.has(s)) &&
          c.eventCount(Event.FRAME_ERROR) >= errorsBefore + expectErrors,
        `batch ending at frame ${sent}`,
      );
      waitMs += Date.now() - t1;
    }
    // quiet period: late replays arrive
    await c.ok(Op.HEARTBEAT, [1]);
    const frameErrors = c.eventCount(Event.FRAME_ERROR);
    expect(frameErrors).toBe(corrupted);
    for (const s of validSeqs) expect(c.replies.has(s)).toBe(true);
    let okPulses = 0;
    for (const s of pulseSeqs) {
      const rs = c.replies.get(s) as Reply[];
      const ok = rs.filter((r) => r.status === 0);
      if (ok.length > 0) okPulses++;
      for (const r of ok) expect(r).toEqual(ok[0]);
    }
    expect(c.twin.counters.gatePulses).toBe(okPulses);
    expect(c.twin.counters.switchWithSourceOnFaults).toBe(0);
    expect(c.board.runtime.errors).toEqual([]);
    const [st] = (await c.ok(Op.STATUS, [])) as [{ internalErrors: number; frameErrors: number }];
    expect(st.internalErrors).toBe(0);
    expect(st.frameErrors).toBe(corrupted);
    // eslint-disable-next-line no-console
    console.log(
      `fuzz seed ${SEED}: ${TOTAL_FRAMES} frames (${corrupted} corrupted pieces → ${frameErrors} FRAME_ERROR events, ` +
        `${validSeqs.length} valid requests + ${retransmissions} retransmissions, ${pulseSeqs.size} pulse requests → ${okPulses} OK → ` +
        `${c.twin.counters.gatePulses} gate pulses; ${skippedStillValid} mutations still passed COBS+CRC and were not sent) in ${Date.now() - started} ms (generating ${genMs} ms, waiting ${waitMs} ms)`,
    );
  } finally {
    await c.close();
  }
}, 170000);
