/**
 * Host-client overhead only (no firmware, no twin): heartbeat round trip and pipelined
 * activateMany through the codec, over an in-memory pipe to a scripted peer that answers at once.
 *
 *   node -r ts-node/register/transpile-only bench/client-overhead.ts [N]
 */
import { Board } from '../host/client/board';
import { defaultWire } from '../host/client/default-wire';
import { createMemoryPipe } from '../host/transport/memory';
import { Op } from '../protocol/ops';
import { packF32le, unpackF32le } from '../protocol/f32le';
import { scriptedPeer, HELLO_OK } from '../tests/host/scripted-peer';

const N = Number(process.argv[2] ?? 2000);
const XS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

async function main(): Promise<void> {
  if (!Number.isInteger(N) || N < 1) throw new TypeError(`N must be a positive integer, got "${process.argv[2]}"`);
  const [hostEnd, peerEnd] = createMemoryPipe();
  await peerEnd.open();
  scriptedPeer(peerEnd, (seq, op, args) => {
    if (op === Op.HELLO) return [seq, 0, HELLO_OK()];
    if (op === Op.ACTIVATE_MANY) return [seq, 0, [packF32le(unpackF32le(args[1] as Uint8Array).map(() => 0.5)), 0]];
    if (op === Op.HEARTBEAT) return [seq, 0, [args[0] ?? 0, 1]];
    return [seq, 0, [true]];
  });
  const board = await Board.connect(hostEnd, { wire: defaultWire() });
  let t0 = performance.now();
  for (let i = 0; i < N; i++) await board.heartbeat(i & 0xffff);
  const rttUs = ((performance.now() - t0) / N) * 1000;
  t0 = performance.now();
  await Promise.all(Array.from({ length: N }, () => board.activateMany(XS)));
  const framesPerS = N / ((performance.now() - t0) / 1000);
  console.log(`memory pipe + scripted peer, ${N} each: heartbeat RTT ${rttUs.toFixed(0)} µs; pipelined activateMany(10) ${framesPerS.toFixed(0)} frames/s`);
  await board.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
