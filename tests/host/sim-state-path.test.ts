/**
 * Issue 14: `sim:state=/nonexistent/dir/x.json` created /nonexistent/dir/. A state file whose
 * folder is missing is a BAD_SPEC naming the path, and no folder is created.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openBoard } from '../../host/open';

async function failure(spec: string): Promise<{ code?: string; message?: string }> {
  return openBoard(spec).then(
    async (b) => {
      await b.close();
      throw new Error(`${spec} opened`);
    },
    (e: unknown) => e as { code?: string; message?: string },
  );
}

describe('sim:state= with a missing folder creates directories (issue 14)', () => {
  test('a state file whose folder is missing is BAD_SPEC naming the path; nothing is created', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-state-'));
    const file = path.join(tmp, 'nonexistent', 'dir', 'x.json');
    const err = await failure(`sim:state=${file}`);
    expect(err.code).toBe('BAD_SPEC');
    expect(err.message).toContain(`state file ${file}: its folder ${path.dirname(file)} does not exist`);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  test('a state path under a file (not a folder) is BAD_SPEC', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-state-'));
    fs.writeFileSync(path.join(tmp, 'plain'), 'x');
    const err = await failure(`sim:state=${path.join(tmp, 'plain', 'x.json')}`);
    expect(err.code).toBe('BAD_SPEC');
    expect(err.message).toMatch(/state file .*plain\/x\.json: .*(not a folder|does not exist|not a directory)/);
  });

  test('a state file in an existing folder is still created when the board closes', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-state-'));
    const file = path.join(tmp, 'x.json');
    const board = await openBoard(`sim:state=${file}`);
    await board.close();
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.readdirSync(tmp)).toEqual(['x.json']);
  });
});

describe('a damaged twin state file leaked a JS error (issue 14, found by the fuzz suite)', () => {
  test.each<[string, (s: Record<string, unknown>) => void, string]>([
    ['link', (s) => (s.link = {}), 'link'],
    ['counters', (s) => (s.counters = {}), 'counters'],
    ['hardware', (s) => (s.hardware = {}), 'hardware'],
  ])('a %s part of the wrong shape is BAD_SPEC naming it, not "Cannot read properties of …"', async (_n, damage, part) => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-state-'));
    const file = path.join(tmp, 'x.json');
    const board = await openBoard(`sim:seed=3,state=${file}`);
    await board.close();
    const state = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    damage(state);
    fs.writeFileSync(file, JSON.stringify(state));
    const err = await failure(`sim:state=${file}`);
    expect(err.code).toBe('BAD_SPEC');
    expect(err.message).toContain(`is corrupt: ${part} does not have the shape this twin writes; delete it to start a fresh board`);
    expect(err.message).not.toMatch(/Cannot read|undefined/);
  });
});
