import { execFileSync } from 'child_process';
import * as path from 'path';


test('examples/quickstart.ts runs against the twin and prints its result', () => {
  const root = path.join(__dirname, '..', '..');
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'examples/quickstart.ts', 'sim:seed=11'], { cwd: root, encoding: 'utf8', timeout: 60000 });
  const last = JSON.parse(out.trim().split('\n').pop() as string) as { stored: boolean; live: number[]; analog: number[]; deltaI99Ua: number };
  expect(last.stored).toBe(true);
  expect(last.live).toHaveLength(5);
  expect(last.live[0]).toBeLessThan(last.live[4]);
  expect(last.analog[0]).toBeLessThan(last.analog[4]);
  expect(last.deltaI99Ua).toBeGreaterThan(5000);
});
