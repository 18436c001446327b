/**
 * Fuzz: checkpoint and twin state files mutated byte by byte (a byte replaced, inserted,
 * deleted; a run cut out; the file truncated). On every input: `readCheckpoint` returns exactly
 * the original content (a mutation that leaves the content as it was, such as 1e-7 → 1E-7) or
 * refuses with CHECKPOINT_BAD and a bounded message naming the file; a twin state file opens as
 * a board or is refused with BAD_SPEC (BAD_STATE_FILE), never another error; no file appears
 * beside them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadMnist, headOf } from '../../host/trainer/mnist';
import { train } from '../../host/trainer/trainer';
import { IdealActivation } from '../../host/trainer/activation';
import { readCheckpoint, type CheckpointState } from '../../host/trainer/checkpoint';
import { isTrainerError } from '../../host/trainer/errors';
import { openBoard } from '../../host/open';
import { isNucleonError } from '../../host/errors';
import { checkMessage, fuzzCount, fuzzTimeoutMs, runInputs, type FuzzRng } from './fuzz-kit';

const CP_COUNT = fuzzCount(300);
const STATE_COUNT = fuzzCount(60);

function mutateBytes(rng: FuzzRng, src: Buffer): Buffer {
  let b = Buffer.from(src);
  for (let n = rng.int(1, 3); n > 0; n--) {
    const at = rng.int(0, Math.max(0, b.length - 1));
    const op = rng.int(0, 5);
    if (op <= 1) b[at] = rng.chance(0.5) ? rng.int(0, 255) : rng.pick([0x22, 0x2c, 0x3a, 0x7b, 0x7d, 0x5b, 0x5d, 0x2d, 0x2e, 0x65, 0x30, 0x39, 0x20]);
    else if (op === 2) b = Buffer.concat([b.subarray(0, at), Buffer.from([rng.int(0, 255)]), b.subarray(at)]);
    else if (op === 3) b = Buffer.concat([b.subarray(0, at), b.subarray(at + rng.int(1, 40))]);
    else if (op === 4) b = b.subarray(0, at);
    else b[at] ^= 1 << rng.int(0, 7);
  }
  return b;
}

describe('fuzz: checkpoint and state files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-fuzz-files-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test(
    `checkpoints: ${CP_COUNT} mutations`,
    async () => {
      const mnist = loadMnist();
      const good = path.join(dir, 'good.json');
      let n = 0;
      await train({ train: headOf(mnist.train, 100), test: headOf(mnist.test, 10), activation: new IdealActivation(), seed: 2, epochs: 2, checkpointFile: good, checkpointEvery: 0, shouldStop: () => ++n >= 130 });
      const original: CheckpointState = readCheckpoint(good);
      const bytes = fs.readFileSync(good);
      const file = path.join(dir, 'mutated.json');
      const c = await runInputs('checkpoint', CP_COUNT, async (rng) => {
        fs.writeFileSync(file, mutateBytes(rng, bytes));
        try {
          const got = readCheckpoint(file);
          expect(got).toEqual(original);
          return 'accepted';
        } catch (err) {
          if (!isTrainerError(err, 'CHECKPOINT_BAD')) throw new Error(`readCheckpoint threw ${String(err)}`);
          checkMessage('checkpoint', err.message);
          if (!err.message.includes(file)) throw new Error(`the message does not name the file: ${err.message}`);
          return 'refused';
        }
      });
      expect(c.refused).toBeGreaterThan(CP_COUNT * 0.9);
      expect(fs.readdirSync(dir).sort()).toEqual(['good.json', 'mutated.json']);
    },
    fuzzTimeoutMs(CP_COUNT, 20),
  );

  test(
    `twin state files: ${STATE_COUNT} mutations`,
    async () => {
      const sub = fs.mkdtempSync(path.join(dir, 'state-'));
      // A fixed state file (seed 5, channel 0 calibrated; made once with this twin): a file made
      // here would carry virtual times that follow the wall clock, and the mutations would differ
      // from run to run. It must open as it is.
      const bytes = fs.readFileSync(path.join(__dirname, 'fixtures', 'twin-state.json'));
      const good = path.join(sub, 'good.json');
      fs.writeFileSync(good, bytes);
      const plain = await openBoard(`sim:state=${good}`, { simOptions: { idle: 'frozen' } });
      expect((await plain.calGet(0)).channel).toBe(0);
      await plain.close();
      fs.writeFileSync(good, bytes);
      const c = await runInputs('state', STATE_COUNT, async (rng, i) => {
        const file = path.join(sub, `m${i}.json`);
        fs.writeFileSync(file, mutateBytes(rng, bytes));
        let verdict: 'accepted' | 'refused';
        try {
          const b = await openBoard(`sim:state=${file}`, { simOptions: { idle: 'frozen' } });
          await b.status();
          await b.close();
          verdict = 'accepted';
        } catch (err) {
          if (!isNucleonError(err, 'BAD_SPEC')) throw new Error(`opening a mutated state file failed with ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`.slice(0, 600));
          checkMessage('state', err.message);
          verdict = 'refused';
        }
        fs.rmSync(file, { force: true });
        const left = fs.readdirSync(sub);
        if (left.length !== 1) throw new Error(`files left beside the state file: ${left.join(', ')}`);
        return verdict;
      });
      expect(c.refused).toBeGreaterThan(0);
    },
    fuzzTimeoutMs(STATE_COUNT, 300),
  );
});
