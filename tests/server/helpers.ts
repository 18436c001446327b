/**
 * Shared by the server's integration tests: a small HTTP client (one keep-alive connection
 * per client, so each counts as its own client in the fair queue), the twin behind a server,
 * and the CLI as a child process. Only loopback addresses; every loop is bounded.
 */
import { spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as http from 'http';
import * as path from 'path';
import type { Twin } from '../../board/twin/twin-api';
import { simBehind } from '../host/sim-fixtures';
import type { RunningServer } from '../../host/server/server';

export const REPO = path.join(__dirname, '..', '..');
export const CLI = path.join(REPO, 'bin', 'nucleon.js');

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: unknown;
}

export interface RequestInit {
  method?: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string or Buffer as it is. */
  body?: unknown;
  agent?: http.Agent;
  timeoutMs?: number;
}

export function request(baseUrl: string, urlPath: string, init: RequestInit = {}): Promise<HttpResult> {
  const url = new URL(urlPath, baseUrl);
  const headers: Record<string, string> = { ...init.headers };
  let payload: Buffer | undefined;
  if (init.body !== undefined) {
    if (typeof init.body === 'string' || Buffer.isBuffer(init.body)) payload = Buffer.from(init.body);
    else {
      payload = Buffer.from(JSON.stringify(init.body));
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    }
    headers['content-length'] = String(payload.length);
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      { hostname: url.hostname, port: url.port, path: url.pathname + url.search, method: init.method ?? (payload ? 'POST' : 'GET'), headers, agent: init.agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = undefined;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(init.timeoutMs ?? 30000, () => req.destroy(new Error(`request ${urlPath} timed out`)));
    req.on('error', reject);
    if (payload) req.end(payload);
    else req.end();
  });
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The body's error object, checked to have the documented shape. */
export function errorOf(r: HttpResult): { code: string; message: string; field: string | null; allowed: unknown } {
  if (!isRecord(r.json) || !isRecord(r.json.error)) throw new Error(`no JSON error body (status ${r.status}): ${r.text.slice(0, 200)}`);
  const e = r.json.error;
  if (typeof e.code !== 'string' || typeof e.message !== 'string' || !('field' in e) || !('allowed' in e)) {
    throw new Error(`error body lacks code/message/field/allowed: ${r.text.slice(0, 200)}`);
  }
  return { code: e.code, message: e.message, field: (e.field as string | null) ?? null, allowed: e.allowed };
}

/** The twin behind a server slot whose board is a `sim` spec (in-process transport). */
export function twinOfSlot(server: RunningServer, boardIndex = 0): Twin {
  const board = server.pool.slots[boardIndex].board;
  if (!board) throw new Error(`board ${boardIndex} is not connected`);
  return simBehind(board).twin;
}

/** Runs `fn` over items with at most `concurrency` in flight. */
export async function pool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, worker: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async (_, worker) => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], worker);
      }
    }),
  );
  return out;
}

export interface CliServer {
  url: string;
  child: ChildProcess;
  stderr(): string;
  stop(): Promise<number | null>;
}

/** Runs `nucleon serve …` and resolves once it prints "listening URL". */
export function startCli(args: string[], env: Record<string, string> = {}, timeoutMs = 30000): Promise<CliServer> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nucleon serve did not start in ${timeoutMs} ms: ${err}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nucleon serve exited with ${code} before listening: ${err}`));
    });
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({
          url: m[1],
          child,
          stderr: () => err,
          stop: () =>
            new Promise((res) => {
              if (child.exitCode !== null) return res(child.exitCode);
              child.once('exit', (code) => res(code));
              child.kill('SIGTERM');
            }),
        });
      }
    });
  });
}

/** Runs the CLI to completion: exit code, stdout, stderr. */
export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 30000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
