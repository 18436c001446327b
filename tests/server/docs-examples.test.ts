/**
 * docs/serve.md's curl and Python examples run against a live server, so they cannot rot.
 * Each runs only where its tool exists (python3, curl); the child processes are spawned
 * asynchronously because the server lives in this process.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RunningServer } from '../../host/server/server';
import { startServer } from '../../host/server/server';
import { REPO } from './helpers';

const DOC = fs.readFileSync(path.join(REPO, 'docs', 'serve.md'), 'utf8');

function block(lang: string): string {
  const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(DOC.slice(DOC.indexOf('## ' + (lang === 'python' ? 'Python' : 'curl'))));
  if (!m) throw new Error(`docs/serve.md has no ${lang} example`);
  return m[1];
}

function has(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

function run(cmd: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('docs/serve.md examples against a live server', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ boards: ['sim:seed=5'], port: 0 });
  }, 60000);

  afterAll(async () => {
    await server?.close();
  });

  (has('python3') ? test : test.skip)('the Python (urllib) example runs and prints activations and the refusal', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-doc-')), 'example.py');
    fs.writeFileSync(file, block('python'));
    const r = await run('python3', [file], { NUCLEON_URL: server.url, NUCLEON_TOKEN: '' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/calibrated b0:0: ΔI = \d+ µA/);
    const ys = [...r.stdout.matchAll(/y = ([0-9.]+)/g)].map((m) => Number(m[1]));
    expect(ys).toHaveLength(3);
    ys.forEach((y) => expect(y >= 0 && y <= 1).toBe(true));
    expect(ys[2]).toBeGreaterThan(ys[0]);
    expect(r.stdout).toMatch(/refused as expected: 422 OUT_OF_RANGE/);
  }, 60000);

  (has('curl') ? test : test.skip)('every curl line runs and answers', async () => {
    const lines = block('sh')
      .split('\n')
      .filter((l) => l.startsWith('curl '));
    expect(lines.length).toBeGreaterThanOrEqual(6);
    for (const line of lines) {
      const cmd = line.split('http://127.0.0.1:8080').join(server.url) + ' --fail-with-body';
      const r = await run('bash', ['-c', cmd], {});
      expect({ line, code: r.code, stderr: r.stderr }).toEqual({ line, code: 0, stderr: '' });
      if (!line.includes('/metrics')) expect(() => JSON.parse(r.stdout)).not.toThrow();
      else expect(r.stdout).toMatch(/^# HELP /);
    }
  }, 60000);
});
