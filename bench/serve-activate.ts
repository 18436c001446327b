/**
 * `nucleon serve` throughput and latency: the real CLI process serving the twin (`--board sim`,
 * firmware bundle, virtual device time), loaded from this process over loopback with HTTP
 * keep-alive clients (one connection each) and over one WebSocket. Every channel is calibrated
 * first. Prints requests/s and latency percentiles (wall time, client side).
 *
 *   node -r ts-node/register/transpile-only bench/serve-activate.ts [requests] [concurrency…]
 */
import { spawn } from 'child_process';
import * as http from 'http';
import * as path from 'path';
import WebSocket from 'ws';
import type { BenchFigure } from './figure';
import { errorText, failed } from './figure';

const REPO = path.join(__dirname, '..');

function post(base: string, p: string, body: unknown, agent?: http.Agent): Promise<{ status: number; json: unknown }> {
  const url = new URL(p, base);
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      { hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': data.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) as unknown }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Run {
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

function summarise(latMs: number[], seconds: number): Run {
  const s = latMs.slice().sort((a, b) => a - b);
  return { rps: latMs.length / seconds, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s[s.length - 1] };
}

async function httpRun(base: string, requests: number, concurrency: number): Promise<Run> {
  const agents = Array.from({ length: concurrency }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    agents.map(async (agent) => {
      while (next < requests) {
        const i = next++;
        const t = performance.now();
        const r = await post(base, `/v1/neurons/b0:${i % 10}/activate`, { x: ((i * 7919) % 1000) / 100 - 5 }, agent);
        if (r.status !== 200) throw new Error(`activate answered ${r.status}: ${JSON.stringify(r.json)}`);
        lat.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agents.forEach((a) => a.destroy());
  return summarise(lat, seconds);
}

async function wsRun(base: string, requests: number, window: number): Promise<Run> {
  const ws = new WebSocket(base.replace('http', 'ws') + '/v1/ws');
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const sentAt = new Map<number, number>();
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const send = (): void => {
      const i = next++;
      sentAt.set(i, performance.now());
      ws.send(JSON.stringify({ id: i, op: 'activate', neuron: `b0:${i % 10}`, x: ((i * 7919) % 1000) / 100 - 5 }));
    };
    ws.on('message', (m: Buffer) => {
      const a = JSON.parse(m.toString()) as { id: number; ok: boolean };
      if (!a.ok) return reject(new Error(`ws activate failed: ${m.toString()}`));
      lat.push(performance.now() - (sentAt.get(a.id) ?? 0));
      if (lat.length === requests) resolve();
      else if (next < requests) send();
    });
    for (let k = 0; k < Math.min(window, requests); k++) send();
  });
  const seconds = (performance.now() - t0) / 1000;
  ws.close();
  return summarise(lat, seconds);
}

function fmt(r: Run): string {
  return `p50 ${r.p50.toFixed(2)} ms, p90 ${r.p90.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(1)} ms`;
}

export async function benchServe(requests = 2000, concurrencies = [1, 10, 50]): Promise<BenchFigure[]> {
  const child = spawn(process.execPath, [path.join(REPO, 'bin', 'nucleon.js'), 'serve', '--board', 'sim', '--port', '0'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /listening (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`nucleon serve exited ${code}: ${err}`)));
    });
    for (let ch = 0; ch < 10; ch++) {
      const r = await post(base, `/v1/neurons/b0:${ch}/calibrate`, { steps: 200 });
      if (r.status !== 200) throw new Error(`calibrate b0:${ch} answered ${r.status}`);
    }
    await httpRun(base, 200, 10); // warm-up
    const figures: BenchFigure[] = [];
    for (const c of concurrencies) {
      const r = await httpRun(base, requests, c);
      figures.push({ group: 'serve', name: `HTTP POST activate, ${c} keep-alive client(s), ${requests} requests`, value: r.rps, unit: 'requests/s', note: fmt(r) });
    }
    const w = await wsRun(base, requests, 16);
    figures.push({ group: 'serve', name: `WebSocket activate, 1 socket, 16 in flight, ${requests} requests`, value: w.rps, unit: 'requests/s', note: fmt(w) });
    return figures;
  } catch (err) {
    return [failed('serve', 'nucleon serve activate', errorText(err))];
  } finally {
    child.kill('SIGTERM');
  }
}

if (require.main === module) {
  const args = process.argv.slice(2).map(Number);
  const requests = args[0] || 2000;
  const conc = args.length > 1 ? args.slice(1) : [1, 10, 50];
  benchServe(requests, conc).then((figs) => {
    for (const f of figs) console.log(`${f.name}: ${f.value === null ? '—' : f.value.toFixed(0)} ${f.unit}  (${f.note ?? ''})`);
  });
}
