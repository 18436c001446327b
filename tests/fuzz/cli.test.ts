/**
 * Fuzz: `nucleon` command lines, run in this process through main() (the same code the binary
 * runs, without a process per input). Each input is a valid invocation with one element made
 * invalid: an unknown option or command, a missing or malformed value, a number out of range,
 * a bad channel list or board spec, a checkpoint path that is a folder, a blank token. On every
 * input: a non-zero exit code, a one-line `nucleon …` error on stderr with a bounded message and
 * no stack trace, and no file created in the folder the paths point into.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../host/cli/main';
import { checkMessage, fuzzCount, fuzzTimeoutMs, runInputs, type FuzzRng } from './fuzz-kit';

const COUNT = fuzzCount(120);

function badNumber(rng: FuzzRng): string {
  return rng.pick(['abc', '', '-', '1e999', 'NaN', '0x', '1.5.2', '−3', '-1', '99999999999', '3.5', ' ', '--', rng.text(6)]);
}

function invocation(rng: FuzzRng, dir: string): string[] {
  const kind = rng.int(0, 9);
  switch (kind) {
    case 0:
      return rng.pick([['help', rng.pick(['bogus', 'HELP', '', 'info ', 'a'.repeat(rng.int(1, 100000))])], [rng.pick(['bogus', 'Info', 'train2', '-x', 'a'.repeat(5000)])]]);
    case 1:
      return ['info', rng.pick(['--bogus', '--board', '--json=1', `--${rng.text(8) || 'x'}`]), ...(rng.chance(0.5) ? ['--json'] : [])];
    case 2:
      return ['info', '--board', rng.pick(['', 'sim:', 'sim:seed=-3', 'sim:,', 'serial:', 'tcp://x', 'hid:zz:1', 'sim:bogus=1', 'sim:state=' + path.join(dir, 'no', 'x.json'), 'a'.repeat(rng.int(1, 100000))])];
    case 3: {
      const bad = rng.pick(['channel', 'steps', 'width-us', 'peak-ua']);
      const args = ['sweep', '--channel', '3', '--steps', '20'];
      const i = args.indexOf(`--${bad}`);
      if (i >= 0) args[i + 1] = bad === 'channel' ? rng.pick(['16', '-1', 'x', '3.5']) : badNumber(rng);
      else args.push(`--${bad}`, bad === 'width-us' ? rng.pick(['4', '301', 'x']) : rng.pick(['0', '30001', 'x', '-5']));
      return args;
    }
    case 4:
      return ['calibrate', '--channels', rng.pick(['16', '0-16', '5-2', 'x', '', '0,,1', '1-', '-1', '10-12', '12'])];
    case 5: {
      const opt = rng.pick(['epochs', 'lr', 'seed', 'train', 'test', 'checkpoint-every']);
      const v = opt === 'epochs' ? rng.pick(['0', '1001', 'x']) : opt === 'lr' ? rng.pick(['-1', '101', 'x']) : opt === 'seed' ? rng.pick(['-1', '4294967296', '1.5']) : opt === 'train' ? rng.pick(['0', 'x', '-3']) : rng.pick(['-1', 'x', '1.5']);
      return ['train', '--train', '50', '--test', '10', `--${opt}`, v];
    }
    case 6:
      return ['train', '--train', '50', '--test', '10', ...rng.pick([['--activation', rng.pick(['relu', '', 'IDEAL'])], ['--checkpoint', dir], ['--checkpoint', path.join(dir, 'missing', 'cp.json')], ['--resume', path.join(dir, 'nothing.json')], ['--resume', dir]])];
    case 7:
      return ['serve', ...rng.pick([['--x-policy', rng.pick(['maybe', '', 'CLAMP'])], ['--port', rng.pick(['65536', '-1', 'http'])], ['--token', rng.pick(['short', ' '.repeat(16), 'abc def ghi jkl mno'])], ['--host', '0.0.0.0'], ['--queue', '0'], ['--body-limit', '10'], ['--bogus']])];
    case 8:
      return ['bringup', '--board', rng.pick(['sim:seed=-3', 'sim:fault=melted', 'bogus', 'sim:lockinTauMs=x'])];
    default:
      return ['sim', ...rng.pick([['--tcp', rng.pick(['x', '70000', '-1'])], ['--tcp', '0', '--pty'], ['--board', 'sim:seed=x']])];
  }
}

describe('fuzz: nucleon command lines', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-fuzz-cli-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test(
    `${COUNT} invalid invocations`,
    async () => {
      const c = await runInputs('cli', COUNT, async (rng) => {
        const argv = invocation(rng, dir);
        const what = `nucleon ${argv.map((a) => JSON.stringify(a.length > 60 ? a.slice(0, 60) + '…' : a)).join(' ')}`;
        let out = '';
        let err = '';
        const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
          out += String(chunk);
          return true;
        });
        const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
          err += String(chunk);
          return true;
        });
        let code: number;
        try {
          let timer: NodeJS.Timeout | undefined;
          code = await Promise.race([
            main(argv),
            new Promise<number>((_, reject) => {
              timer = setTimeout(() => reject(new Error('did not exit within 60 s (accepted?)')), 60000);
            }),
          ]).finally(() => clearTimeout(timer));
        } finally {
          stdout.mockRestore();
          stderr.mockRestore();
        }
        if (code === 0) throw new Error(`${what} exited 0; stdout ${out.slice(0, 200)}`);
        // the error: `nucleon CMD: …`, or calibrate's per-channel `channel N… failed: …`
        const line = err.split('\n').find((l) => /^nucleon( [a-z]+)?: |failed: /.test(l));
        if (line === undefined) throw new Error(`${what}: no error on stderr: ${JSON.stringify(err.slice(0, 300))}`);
        checkMessage(what, line);
        if (/\n\s+at .+:\d+:\d+/.test(err)) throw new Error(`${what}: a stack trace on stderr`);
        const made = fs.readdirSync(dir);
        if (made.length > 0) throw new Error(`${what}: created ${made.join(', ')} in ${dir}`);
        return 'refused';
      });
      expect(c.refused).toBe(COUNT);
    },
    fuzzTimeoutMs(COUNT, 300),
  );
});
