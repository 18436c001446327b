/** Host-client overhead only (no firmware, no twin): heartbeat round trip and pipelined activateMany through the codec, over an in-memory pipe to a scripted peer.
 *   node -r ts-node/register/transpile-only examples/client-overhead.ts */
import { Board } from '../host/client/board';
import { defaultWire } from '../host/client/default-wire';
import { createMemoryPipe } from '../host/transport/memory';
import { scriptedPeer, HELLO_OK } from '../tests/host/scripted-peer';
(async () => {
  const [h, d] = createMemoryPipe(); await d.open();
  scriptedPeer(d, (seq, op, args) => op === 1 ? [seq, 0, HELLO_OK()] : op === 13 ? [seq, 0, [(args[1] as number[]).map(() => 0.5), 0]] : [seq, 0, [args[0] ?? true, 1]]);
  const b = await Board.connect(h, { wire: defaultWire() });
  let n = 2000, t = performance.now();
  for (let i = 0; i < n; i++) await b.heartbeat(i & 0xffff);
  const serial = (performance.now() - t) / n;
  t = performance.now();
  await Promise.all(Array.from({ length: n }, (_, i) => b.activateMany([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])));
  const pipelined = n / ((performance.now() - t) / 1000);
  console.log(`memory pipe + scripted peer: heartbeat RTT ${(serial * 1000).toFixed(0)} µs; pipelined activateMany(10) ${pipelined.toFixed(0)}/s`);
  await b.close();
})();
