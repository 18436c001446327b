/**
 * The firmware's argument readers agree with the spec's argument fields: for every op and every
 * argument, a request whose argument #i has the wrong type (the others valid) is answered
 * BAD_ARGUMENT with the spec's name of argument #i as the detail. A new op with arguments needs
 * its valid sample here (the first test says so).
 */
import { ErrorCode, OP_TABLE } from '../../protocol/ops';
import { useSimClient } from './sim-client';

const client = useSimClient('0.0.0-arg-names');

/** Valid arguments for each op that takes any (the board's limits: channel 0, 1 mA, 5 µs). */
const VALID: { [op: string]: unknown[] } = {
  hello: [2],
  configSet: [{}],
  select: [0],
  pulse: [0, 1000, 5],
  read: [0],
  setReset: [0, 1000, 5],
  sweep: [0, 5, -1000, 1000, 10],
  calPut: [0, 12000, 28000, 5, -30000, -600, 600, -4, 4],
  calGet: [0],
  activate: [0, 0.5],
  activateMany: [null, [0.5]],
  selftest: [1, 0],
  heartbeat: [1],
};

test('every op with arguments has a valid sample', () => {
  const withArgs = OP_TABLE.filter((o) => o.args.length > 0).map((o) => o.name).sort();
  expect(Object.keys(VALID).sort()).toEqual(withArgs);
});

test('a wrong-typed argument is refused naming the spec field, for every op and argument', async () => {
  const c = client();
  const seen: string[] = [];
  for (const op of OP_TABLE) {
    for (let i = 0; i < op.args.length; i++) {
      const args = VALID[op.name].slice();
      args[i] = 'wrong';
      const r = await c.request(op.code, args);
      seen.push(`${op.name} #${i + 1}: ${r.status} ${String(r.result[1])}`);
    }
  }
  const expected: string[] = [];
  for (const op of OP_TABLE) op.args.forEach((f, i) => expected.push(`${op.name} #${i + 1}: ${ErrorCode.BAD_ARGUMENT} ${f.name}`));
  expect(seen).toEqual(expected);
});
