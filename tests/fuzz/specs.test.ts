/**
 * Fuzz: board specs, as `--board SPEC` and openBoard take them. Valid specs of every form,
 * mutated (characters inserted, deleted, replaced, repeated; keys and values swapped for others;
 * values from the edges). On every input: the spec parses or is refused with BAD_SPEC and a
 * bounded message; a sim spec the twin accepts opens and closes, or is refused with BAD_SPEC
 * (never another error); no file appears but a state file the spec named, and no folder at all.
 * serial:, hid:, tcp:// and tls:// specs are parsed only (opening would touch this machine's ports and
 * network).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openBoard } from '../../host/open';
import { parseBoardSpec } from '../../host/transport/spec';
import { isNucleonError } from '../../host/errors';
import { allowedSpecKeys, parseSimSpec } from '../../board/twin/spec';
import { checkMessage, fuzzCount, fuzzTimeoutMs, runInputs, type FuzzRng } from './fuzz-kit';

const COUNT = fuzzCount(150);
const KEYS = allowedSpecKeys();

function simSpec(rng: FuzzRng, dir: string): string {
  const items: string[] = [];
  if (rng.chance(0.3)) items.push(String(rng.pick([0, 1, 7, -3, 4294967295, 4294967296, 1.5, 'x'])));
  for (let n = rng.int(0, 3); n > 0; n--) {
    const key = rng.chance(0.9) ? rng.pick(KEYS) : rng.text(8);
    let value: string;
    if (key === 'state') value = rng.pick([path.join(dir, `s${rng.int(0, 3)}.json`), path.join(dir, 'missing', 'deeper', 'x.json'), dir, path.join(dir, 'f.txt', 'x.json'), '']);
    else if (key === 'fault') value = rng.pick(['open-channel:3', 'open-channel:16', 'stuck-select:2', 'stuck-select:', 'lockin-off', 'dead-dac:1', 'link-loss:0.0001', 'link-loss:2', 'link-corrupt:-1', 'melted', '']);
    else if (key === 'board') value = rng.pick(['nucleon-pico-ref', 'nope', '/etc/hostname', dir, '']);
    else if (key === 'model') value = rng.pick(['default', 'physical', 'x']);
    else if (key === 'interp') value = rng.pick(['on', 'off', '1']);
    else value = String(rng.chance(0.5) ? rng.number() : rng.text(6));
    items.push(`${key}=${value}`);
  }
  return items.length === 0 ? 'sim' : `sim:${items.join(',')}`;
}

function otherSpec(rng: FuzzRng): string {
  return rng.pick([
    `serial:/dev/ttyACM${rng.int(0, 9)}`,
    `serial:/dev/x@${rng.pick([115200, 9600, 12345, -1, 'fast'])}`,
    `hid:${rng.pick(['10c4', 'zz', '1', '12345'])}:${rng.pick(['ea80', '', 'g'])}${rng.chance(0.3) ? `:${rng.text(8)}` : ''}`,
    `tcp://${rng.pick(['127.0.0.1', 'localhost', '[::1]', 'a b', ''])}:${rng.pick([1, 80, 0, 65536, 99999, 'x'])}`,
    `tls://${rng.pick(['127.0.0.1', 'lab-pc', ''])}:${rng.pick([7000, 0, 'x'])}${rng.pick(['?ca=a&cert=b&key=c', '?ca=a&cert=b&key=c&servername=x.y', '?ca=a', '?', '', '?ca=%zz&cert=b&key=c', '?ca=a&ca=a&cert=b&key=c', `?ca=${rng.text(8)}&cert=b&key=c&${rng.text(4)}=1`])}`,
    rng.text(20),
    '',
  ]);
}

function mutate(rng: FuzzRng, spec: string): string {
  let s = spec;
  for (let n = rng.int(0, 2); n > 0; n--) {
    const at = rng.int(0, s.length);
    const op = rng.int(0, 4);
    if (op === 0) s = s.slice(0, at) + rng.text(3) + s.slice(at);
    else if (op === 1) s = s.slice(0, at) + s.slice(at + rng.int(1, 4));
    else if (op === 2) s = s.slice(0, at) + rng.pick([',', '=', ':', ' ', '\t', '\u0000', ',,']) + s.slice(at + 1);
    else if (op === 3) s = s + rng.pick([',', ',seed=1', ',seed=2', ',state=', ',fault=']);
    else s = s.slice(0, at) + 'a'.repeat(rng.pick([100, 5000, 100000])) + s.slice(at);
  }
  return s;
}

/** The state files a spec names (a relative one lands in the working folder, as the user asked). */
function namedStateFiles(spec: string): string[] {
  return spec
    .split(',')
    .filter((item) => item.trim().startsWith('state='))
    .map((item) => path.resolve(item.trim().slice('state='.length).trim()));
}

describe('fuzz: board specs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-fuzz-spec-'));
  fs.writeFileSync(path.join(dir, 'f.txt'), 'x');
  // The working folder is the temp folder: a mutated spec may name a relative state file.
  const cwd = process.cwd();
  beforeAll(() => process.chdir(dir));
  afterAll(() => {
    process.chdir(cwd);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test(
    `${COUNT} mutated specs`,
    async () => {
      const c = await runInputs('specs', COUNT, async (rng) => {
        const spec = rng.chance(0.1) ? otherSpec(rng) : rng.chance(0.7) ? mutate(rng, simSpec(rng, dir)) : simSpec(rng, dir);
        const what = `spec ${JSON.stringify(spec).slice(0, 200)}`;
        let parsed: ReturnType<typeof parseBoardSpec>;
        try {
          parsed = parseBoardSpec(spec);
        } catch (err) {
          // a link fault the spec asked for may cost hello (a clear TIMEOUT): not a refusal of the spec
          const linkFault = /link-(loss|corrupt)/.test(spec) && isNucleonError(err, 'TIMEOUT');
          if (!isNucleonError(err, 'BAD_SPEC') && !linkFault) throw new Error(`${what}: parse threw ${String(err)}`);
          checkMessage(what, err.message);
          return 'refused';
        }
        if (parsed.kind !== 'sim') return 'accepted';
        let twinOk = true;
        try {
          parseSimSpec(parsed.simSpec);
        } catch {
          twinOk = false;
        }
        let verdict: 'refused' | 'accepted';
        try {
          const board = await openBoard(spec);
          await board.close();
          if (!twinOk) throw new Error(`${what}: opened although the twin's parser refuses it`);
          verdict = 'accepted';
        } catch (err) {
          // a link fault the spec asked for may cost hello (a clear TIMEOUT): not a refusal of the spec
          const linkFault = /link-(loss|corrupt)/.test(spec) && isNucleonError(err, 'TIMEOUT');
          if (!isNucleonError(err, 'BAD_SPEC') && !linkFault) throw new Error(`${what}: open failed with ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`.slice(0, 600));
          checkMessage(what, err.message);
          verdict = 'refused';
        }
        // nothing but state files this spec named (or s0..s3.json, named by earlier ones) and the fixture; no folder
        const named = namedStateFiles(spec);
        for (const name of fs.readdirSync(dir)) {
          const full = path.join(dir, name);
          if (named.includes(full)) {
            fs.rmSync(full, { force: true });
            continue;
          }
          if (!/^(s[0-3]\.json|f\.txt)$/.test(name)) throw new Error(`${what}: created ${full}`);
        }
        return verdict;
      });
      expect(c.refused).toBeGreaterThan(0);
      expect(c.accepted).toBeGreaterThan(0);
    },
    fuzzTimeoutMs(COUNT, 100),
  );
});
