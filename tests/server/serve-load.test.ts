/**
 * Issue 7's done-when, against the real `nucleon serve` process: the twin (running the firmware
 * bundle) is served over loopback TCP by this test process, so the test can read the twin's own
 * pulse counters while the CLI process owns the board.
 *
 * "The twin's pulse count equals the requests served", made exact: every activate request that
 * answered 200 is one firmware activation, which fires 1 pulse (SET: its current is above the
 * channel's previous one) or 2 (RESET, then SET). The server reports each request's pulses from
 * the firmware's own counter. The test checks (a) 1 000 of 1 000 requests answered 200, (b) each
 * reported 1 or 2 pulses, (c) over the run, the twin's gate pulses that reached devices equal the
 * sum of the reported pulses — in total AND channel by channel — and (d) no pulse reached any
 * channel that was not asked for.
 */
import * as http from 'http';
import type { CliServer, HttpResult } from './helpers';
import type { SimBoard } from '../host/sim-fixtures';
import { openSimBoard, serveSimTcp } from '../host/sim-fixtures';
import { errorOf, isRecord, pool, request, startCli } from './helpers';
import { parsePrometheus, sampleValue } from './prometheus-parse';

const TOKEN = 'load-test-token-0123456789';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const CHANNELS = 10;
const REQUESTS = 1000;
const CLIENTS = 50;

describe('nucleon serve under load (real CLI process, twin over loopback TCP)', () => {
  let board: SimBoard;
  let tcp: { port: number; close(): Promise<void> };
  let server: CliServer;

  beforeAll(async () => {
    board = await openSimBoard('sim:seed=2024');
    tcp = await serveSimTcp(board, 0, '127.0.0.1');
    server = await startCli(['--board', `tcp://127.0.0.1:${tcp.port}`, '--port', '0', '--token', TOKEN]);
    // Calibrate every channel through the API first (one at a time: the queue serialises anyway).
    for (let ch = 0; ch < CHANNELS; ch++) {
      const r = await request(server.url, `/v1/neurons/b0:${ch}/calibrate`, { body: { steps: 200 }, headers: AUTH, timeoutMs: 60000 });
      expect(r.status).toBe(200);
    }
  }, 120000);

  afterAll(async () => {
    const code = await server?.stop();
    expect(code).toBe(0);
    await tcp?.close();
    await board?.close();
  });

  test('1 000 activations from 50 concurrent clients: all succeed, y in [0, 1], twin pulses = reported pulses', async () => {
    const twin = board.twin;
    const beforeTotal = twin.counters.pulses;
    const beforePer = [...twin.counters.pulsesPerChannel];
    const agents = Array.from({ length: CLIENTS }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
    let seed = 12345;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    // x over [-8, 8]: inside the calibrated range (≈ ±5.3) and beyond it (clamped).
    const jobs = Array.from({ length: REQUESTS }, (_, i) => ({ channel: i % CHANNELS, x: Math.round((rand() * 16 - 8) * 1000) / 1000 }));
    const t0 = performance.now();
    const results = await pool(jobs, CLIENTS, (job, worker) =>
      request(server.url, `/v1/neurons/b0:${job.channel}/activate`, { body: { x: job.x }, headers: AUTH, agent: agents[worker] }),
    );
    const seconds = (performance.now() - t0) / 1000;
    agents.forEach((a) => a.destroy());

    const bad = results.filter((r: HttpResult) => r.status !== 200);
    expect(bad.map((r) => `${r.status} ${r.text}`).slice(0, 3)).toEqual([]);
    const pulsesPer = new Array<number>(twin.counters.pulsesPerChannel.length).fill(0);
    let clamped = 0;
    results.forEach((r, i) => {
      if (!isRecord(r.json)) throw new Error('not JSON');
      const { y, pulses, neuron } = r.json;
      expect(neuron).toBe(`b0:${jobs[i].channel}`);
      expect(typeof y).toBe('number');
      expect(y as number).toBeGreaterThanOrEqual(0);
      expect(y as number).toBeLessThanOrEqual(1);
      expect([1, 2]).toContain(pulses);
      pulsesPer[jobs[i].channel] += pulses as number;
      if (r.json.clamped === true) clamped++;
    });
    const reported = pulsesPer.reduce((a, b) => a + b, 0);
    expect(twin.counters.pulses - beforeTotal).toBe(reported);
    const twinPer = twin.counters.pulsesPerChannel.map((v, ch) => v - beforePer[ch]);
    expect(twinPer).toEqual(pulsesPer);
    expect(reported).toBeGreaterThanOrEqual(REQUESTS);
    expect(reported).toBeLessThanOrEqual(2 * REQUESTS);
    expect(clamped).toBeGreaterThan(0);

    const m = parsePrometheus((await request(server.url, '/metrics', { headers: AUTH })).text);
    expect(sampleValue(m, 'nucleon_http_requests_total', { route: '/v1/neurons/:id/activate', status: '200' })).toBe(REQUESTS);
    for (let ch = 0; ch < CHANNELS; ch++) {
      expect(sampleValue(m, 'nucleon_neuron_activations_total', { neuron: `b0:${ch}` })).toBe(REQUESTS / CHANNELS);
    }
    expect(sampleValue(m, 'nucleon_http_request_duration_seconds_count', { route: '/v1/neurons/:id/activate' })).toBe(REQUESTS);
    console.log(`serve-load: ${REQUESTS} activations, ${CLIENTS} clients: ${(REQUESTS / seconds).toFixed(0)} req/s (${seconds.toFixed(2)} s), ${reported} pulses, ${clamped} clamped`);
  }, 120000);

  test('1 000 malformed requests each get a 4xx with a message, and the server still serves', async () => {
    const huge = JSON.stringify({ x: 0.1, pad: 'z'.repeat(200 * 1024) });
    type Case = { name: string; path: string; init: Parameters<typeof request>[2]; status: number; code: string };
    const cases: Case[] = [
      { name: 'bad JSON', path: '/v1/neurons/b0:0/activate', init: { body: '{"x": 0.5', headers: { ...AUTH, 'content-type': 'application/json' } }, status: 400, code: 'BAD_JSON' },
      { name: 'NaN literal', path: '/v1/neurons/b0:0/activate', init: { body: '{"x": NaN}', headers: { ...AUTH, 'content-type': 'application/json' } }, status: 400, code: 'BAD_JSON' },
      { name: 'NaN string', path: '/v1/neurons/b0:0/activate', init: { body: { x: 'NaN' }, headers: AUTH }, status: 400, code: 'BAD_FIELD' },
      { name: 'x wrong type', path: '/v1/neurons/b0:1/activate', init: { body: { x: [1, 2] }, headers: AUTH }, status: 400, code: 'BAD_FIELD' },
      { name: 'x missing', path: '/v1/neurons/b0:1/activate', init: { body: {}, headers: AUTH }, status: 400, code: 'BAD_FIELD' },
      { name: 'x null', path: '/v1/neurons/b0:1/activate', init: { body: { x: null }, headers: AUTH }, status: 400, code: 'BAD_FIELD' },
      { name: 'body an array', path: '/v1/neurons/b0:1/activate', init: { body: [0.5], headers: AUTH }, status: 400, code: 'BAD_FIELD' },
      { name: 'unknown field', path: '/v1/neurons/b0:1/activate', init: { body: { x: 0.5, y: 1 }, headers: AUTH }, status: 400, code: 'BAD_FIELD' },
      { name: 'channel 99', path: '/v1/neurons/b0:99/activate', init: { body: { x: 0.5 }, headers: AUTH }, status: 404, code: 'UNKNOWN_NEURON' },
      { name: 'vacant channel', path: '/v1/neurons/12/activate', init: { body: { x: 0.5 }, headers: AUTH }, status: 404, code: 'UNKNOWN_NEURON' },
      { name: 'board 7', path: '/v1/neurons/b7:0/activate', init: { body: { x: 0.5 }, headers: AUTH }, status: 404, code: 'UNKNOWN_NEURON' },
      { name: 'x = 1e9', path: '/v1/neurons/b0:2/activate', init: { body: { x: 1e9 }, headers: AUTH }, status: 422, code: 'OUT_OF_RANGE' },
      { name: 'x = -1e300', path: '/v1/neurons/b0:2/activate', init: { body: { x: -1e300 }, headers: AUTH }, status: 422, code: 'OUT_OF_RANGE' },
      { name: 'x = 1e999 (Infinity)', path: '/v1/neurons/b0:2/activate', init: { body: '{"x": 1e999}', headers: { ...AUTH, 'content-type': 'application/json' } }, status: 400, code: 'BAD_FIELD' },
      { name: 'huge body', path: '/v1/neurons/b0:3/activate', init: { body: huge, headers: { ...AUTH, 'content-type': 'application/json' } }, status: 413, code: 'BODY_TOO_LARGE' },
      { name: 'text/plain', path: '/v1/neurons/b0:3/activate', init: { body: 'x=0.5', headers: { ...AUTH, 'content-type': 'text/plain' } }, status: 415, code: 'BAD_CONTENT_TYPE' },
      { name: 'empty JSON body', path: '/v1/neurons/b0:3/activate', init: { body: '', headers: { ...AUTH, 'content-type': 'application/json' } }, status: 400, code: 'BAD_JSON' },
      { name: 'unknown route', path: '/v1/neuronz', init: { headers: AUTH }, status: 404, code: 'NOT_FOUND' },
      { name: 'wrong method', path: '/v1/activate', init: { method: 'GET', headers: AUTH }, status: 404, code: 'NOT_FOUND' },
      { name: 'missing token', path: '/v1/neurons/b0:0/activate', init: { body: { x: 0.5 } }, status: 401, code: 'UNAUTHORIZED' },
      { name: 'wrong token', path: '/v1/board', init: { headers: { authorization: 'Bearer nope-nope-nope-nope' } }, status: 401, code: 'UNAUTHORIZED' },
      { name: 'batch xs wrong', path: '/v1/activate', init: { body: { xs: 'many' }, headers: AUTH }, status: 400, code: 'BAD_FIELD' },
      { name: 'batch bad channel', path: '/v1/activate', init: { body: { xs: [1], channels: ['b0:99'] }, headers: AUTH }, status: 404, code: 'UNKNOWN_NEURON' },
      { name: 'batch length mismatch', path: '/v1/activate', init: { body: { xs: [1, 2], channels: ['b0:1'] }, headers: AUTH }, status: 400, code: 'BAD_FIELD' },
      { name: 'calibrate widthUs 1', path: '/v1/neurons/b0:4/calibrate', init: { body: { widthUs: 1 }, headers: AUTH }, status: 422, code: 'OUT_OF_RANGE' },
      { name: 'proto pollution', path: '/v1/neurons/b0:4/activate', init: { body: '{"__proto__": {"x": 1}}', headers: { ...AUTH, 'content-type': 'application/json' } }, status: 400, code: 'BAD_FIELD' },
    ];
    const pulsesBefore = board.twin.counters.pulses;
    const agents = Array.from({ length: 10 }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
    const jobs = Array.from({ length: 1000 }, (_, i) => cases[i % cases.length]);
    const results = await pool(jobs, 10, (c, worker) => request(server.url, c.path, { ...c.init, agent: agents[worker] }));
    agents.forEach((a) => a.destroy());
    const wrong: string[] = [];
    results.forEach((r, i) => {
      const c = jobs[i];
      let code = '';
      let message = '';
      try {
        const e = errorOf(r);
        code = e.code;
        message = e.message;
      } catch (err) {
        wrong.push(`${c.name}: ${(err as Error).message}`);
        return;
      }
      if (r.status !== c.status || code !== c.code || message.length < 10) wrong.push(`${c.name}: ${r.status} ${code} ${message}`);
    });
    expect([...new Set(wrong)]).toEqual([]);
    // Not one of them pulsed.
    expect(board.twin.counters.pulses).toBe(pulsesBefore);
    // Still serving, and still the same process.
    const ok = await request(server.url, '/v1/neurons/b0:5/activate', { body: { x: 0.25 }, headers: AUTH });
    expect(ok.status).toBe(200);
    expect(server.child.exitCode).toBeNull();
    const health = await request(server.url, '/healthz');
    expect(health.status).toBe(200);
  }, 120000);
});
