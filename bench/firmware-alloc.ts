/**
 * Per-request allocation of the firmware bundle running on the twin. Run with --expose-gc:
 *   node --expose-gc -r ts-node/register/transpile-only bench/firmware-alloc.ts [N]
 * Frames are encoded before measuring and sent straight into the twin's link (no Board
 * client), alternating heartbeat and read; a response is the next 0x00 delimiter. Three
 * rounds of N: the first keeps a one-off ~200 KB (lazily built tables, JIT feedback), so the
 * leak figure is the most any LATER round retained. Prints one JSON line: heap retained after
 * GC per N requests in rounds 2–3 (a leak shows here) and in round 1, and heap bytes
 * allocated per request by everything in the process (firmware + Espruino surface + models +
 * this driver loop) from the used-heap delta with GC held off by a large young generation.
 */
import { cborEncode } from '../protocol/cbor';
import { encodeFrame } from '../protocol/frame';
import { Op } from '../protocol/ops';
import { openSimBoard } from '../board/twin/sim';

const N = Number(process.argv[2] ?? 10000);

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const board = await openSimBoard('sim:seed=2');
  let delimiters = 0;
  let wake: (() => void) | null = null;
  board.onData((bytes) => {
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) delimiters++;
    if (wake) {
      const w = wake;
      wake = null;
      w();
    }
  });
  const frames = (count: number, seq0: number): Uint8Array[] =>
    Array.from({ length: count }, (_, i) => {
      const seq = ((seq0 + i) % 0xffff) + 1;
      return encodeFrame(cborEncode(i % 2 === 0 ? [seq, Op.HEARTBEAT, [i]] : [seq, Op.READ, [i % 10]]));
    });
  const send = async (list: Uint8Array[]): Promise<void> => {
    for (const f of list) {
      const want = delimiters + 1;
      board.write(f);
      while (delimiters < want) await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  await send(frames(2000, 0)); // warm-up: JIT, caches, per-width tables
  const rounds: { retained: number; allocatedPerRequest: number }[] = [];
  for (let round = 0; round < 3; round++) {
    const measured = frames(N, 2000 + round * N);
    gc();
    gc();
    const before = process.memoryUsage().heapUsed;
    await send(measured);
    const during = process.memoryUsage().heapUsed;
    gc();
    gc();
    const after = process.memoryUsage().heapUsed;
    rounds.push({ retained: after - before, allocatedPerRequest: (during - before) / N });
  }
  await board.close();
  console.log(
    JSON.stringify({
      available: true,
      requests: N,
      retainedBytes: Math.max(rounds[1].retained, rounds[2].retained),
      firstRoundRetainedBytes: rounds[0].retained,
      allocatedBytesPerRequest: Math.min(rounds[1].allocatedPerRequest, rounds[2].allocatedPerRequest),
    }),
  );
}

main().catch((err: unknown) => {
  console.log(JSON.stringify({ available: false, why: err instanceof Error ? err.message : String(err) }));
});
