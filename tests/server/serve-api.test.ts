/**
 * The API surface on an in-process server with two twins pooled (b0, b1) and a token:
 * auth, board/neuron listings, activation and clamping to ΔI, NOT_CALIBRATED, batches across
 * boards, the WebSocket, and /metrics as Prometheus text.
 */
import WebSocket from 'ws';
import type { RunningServer } from '../../host/server/server';
import { startServer } from '../../host/server/server';
import { errorOf, isRecord, request, twinOfSlot } from './helpers';
import { parsePrometheus, sampleValue } from './prometheus-parse';
import { PROTOCOL_VERSION } from '../../protocol/limits';

const TOKEN = 'api-test-token-abcdefghijkl';
const AUTH = { authorization: `Bearer ${TOKEN}` };

function obj(v: unknown): Record<string, unknown> {
  if (!isRecord(v)) throw new Error(`expected an object, got ${JSON.stringify(v)}`);
  return v;
}

describe('nucleon serve API (two pooled twins, token)', () => {
  let server: RunningServer;
  const cal: Record<string, Record<string, unknown>> = {};

  beforeAll(async () => {
    server = await startServer({ boards: ['sim:seed=31', 'sim:seed=32'], port: 0, token: TOKEN });
    for (const id of ['b0:0', 'b0:1', 'b1:4']) {
      const r = await request(server.url, `/v1/neurons/${id}/calibrate`, { body: { steps: 200 }, headers: AUTH, timeoutMs: 60000 });
      expect(r.status).toBe(200);
      cal[id] = obj(r.json);
    }
  }, 120000);

  afterAll(async () => {
    await server?.close();
  });

  test('the token is required everywhere but /healthz', async () => {
    expect((await request(server.url, '/healthz')).status).toBe(200);
    for (const p of ['/v1/board', '/v1/neurons', '/metrics']) {
      const r = await request(server.url, p);
      expect(r.status).toBe(401);
      expect(r.headers['www-authenticate']).toMatch(/Bearer/);
      expect(errorOf(r).code).toBe('UNAUTHORIZED');
      expect((await request(server.url, p, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
      expect((await request(server.url, p, { headers: AUTH })).status).toBe(200);
    }
  });

  test('GET /v1/board lists both boards with versions, populated channels and queue depth', async () => {
    const r = await request(server.url, '/v1/board', { headers: AUTH });
    const boards = obj(r.json).boards as Record<string, unknown>[];
    expect(boards.map((b) => b.id)).toEqual(['b0', 'b1']);
    for (const b of boards) {
      expect(b.link).toBe('up');
      expect(b.protocolVersion).toBe(PROTOCOL_VERSION);
      expect(typeof b.firmwareVersion).toBe('string');
      expect(b.populated).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(b.queueDepth).toBe(0);
    }
    expect(boards[0].calibrated).toEqual([0, 1]);
    expect(boards[1].calibrated).toEqual([4]);
  });

  test('GET /v1/neurons pools both boards: ids, calibration, ΔI, thermal state', async () => {
    const r = await request(server.url, '/v1/neurons', { headers: AUTH });
    const neurons = obj(r.json).neurons as Record<string, unknown>[];
    expect(neurons.map((n) => n.id)).toEqual([...Array(10).keys()].map((c) => `b0:${c}`).concat([...Array(10).keys()].map((c) => `b1:${c}`)));
    const n0 = neurons[0];
    expect(n0.calibrated).toBe(true);
    expect(n0.deltaIUa).toBe((cal['b0:0'].iHighUa as number) - (cal['b0:0'].iLowUa as number));
    expect(n0.deltaIUa as number).toBeGreaterThan(0);
    expect(obj(n0.thermal).state).toMatch(/^(cool|warm|guarded)$/);
    expect(obj(n0.thermal).stressRatio as number).toBeGreaterThan(0); // the calibration sweep heated it
    expect(neurons[2].calibrated).toBe(false);
    expect(obj(neurons[2].thermal).stressRatio).toBe(0);
  });

  test('activate: y in [0, 1], current inside ΔI, x beyond the range clamped to the ends of ΔI', async () => {
    const c = cal['b0:0'];
    const act = async (x: number): Promise<Record<string, unknown>> => {
      const r = await request(server.url, '/v1/neurons/b0:0/activate', { body: { x }, headers: AUTH });
      expect(r.status).toBe(200);
      return obj(r.json);
    };
    const mid = await act(0);
    expect(mid.clamped).toBe(false);
    expect(mid.currentUa as number).toBeGreaterThan(c.iLowUa as number);
    expect(mid.currentUa as number).toBeLessThan(c.iHighUa as number);
    const high = await act(50);
    expect(high.clamped).toBe(true);
    expect(high.currentUa).toBe(c.iHighUa);
    expect(high.y as number).toBeGreaterThan(0.8);
    const low = await act(-50);
    expect(low.clamped).toBe(true);
    expect(low.currentUa).toBe(c.iLowUa);
    expect(low.y as number).toBeLessThan(0.2);
    expect(low.pulses).toBe(2); // lower than the last current: RESET, then SET
    for (const r of [mid, high, low]) {
      expect(r.y as number).toBeGreaterThanOrEqual(0);
      expect(r.y as number).toBeLessThanOrEqual(1);
      expect(typeof r.rHallOhm).toBe('number');
      expect(r.deviceTimeMs as number).toBeGreaterThan(0);
    }
    // Shorthand ids are only for single-board servers.
    expect(errorOf(await request(server.url, '/v1/neurons/0/activate', { body: { x: 0 }, headers: AUTH })).code).toBe('UNKNOWN_NEURON');
  });

  test('an uncalibrated neuron answers 409 NOT_CALIBRATED naming the calibrated ones, and nothing pulses', async () => {
    const twin = twinOfSlot(server, 0);
    const before = twin.counters.pulses;
    const r = await request(server.url, '/v1/neurons/b0:7/activate', { body: { x: 0 }, headers: AUTH });
    expect(r.status).toBe(409);
    const e = errorOf(r);
    expect(e.code).toBe('NOT_CALIBRATED');
    expect(e.message).toMatch(/calibrate/);
    expect(e.allowed).toEqual(['b0:0', 'b0:1', 'b1:4']);
    expect(twin.counters.pulses).toBe(before);
  });

  test('a batch spans boards: one activateMany per board, pulses accounted on both twins', async () => {
    const t0 = twinOfSlot(server, 0);
    const t1 = twinOfSlot(server, 1);
    const before = t0.counters.pulses + t1.counters.pulses;
    const r = await request(server.url, '/v1/activate', { body: { xs: [-3, 0, 3], channels: ['b0:0', 'b1:4', 'b0:1'] }, headers: AUTH });
    expect(r.status).toBe(200);
    const b = obj(r.json);
    expect(b.neurons).toEqual(['b0:0', 'b1:4', 'b0:1']);
    const ys = b.ys as number[];
    expect(ys).toHaveLength(3);
    ys.forEach((y) => expect(y >= 0 && y <= 1).toBe(true));
    expect(Object.keys(obj(b.deviceTimeMs)).sort()).toEqual(['b0', 'b1']);
    expect(t0.counters.pulses + t1.counters.pulses - before).toBe(b.pulses);
    // Without channels, xs must cover every neuron.
    const e = errorOf(await request(server.url, '/v1/activate', { body: { xs: [1] }, headers: AUTH }));
    expect(e.field).toBe('xs');
    expect(obj(e.allowed).length).toBe(20);
  });

  test('WebSocket: answers carry the request id; bad messages get errors; the socket keeps working', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/v1/ws`, { headers: AUTH });
    const answers: Record<string, unknown>[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const done = new Promise<void>((resolve) => {
      ws.on('message', (m: Buffer) => {
        answers.push(obj(JSON.parse(m.toString())));
        if (answers.length === 6) resolve();
      });
    });
    ws.send(JSON.stringify({ id: 1, op: 'activate', neuron: 'b1:4', x: 0.5 }));
    ws.send(JSON.stringify({ id: 'two', op: 'board' }));
    ws.send('{not json');
    ws.send(JSON.stringify({ id: 4, op: 'explode' }));
    ws.send(JSON.stringify({ id: 5, op: 'activate', neuron: 'b1:4', x: 1e9 }));
    ws.send(JSON.stringify({ id: 6, op: 'activateMany', xs: [0.1, 0.2], channels: ['b0:0', 'b0:1'] }));
    await done;
    ws.close();
    const byId = new Map(answers.map((a) => [a.id, a]));
    const a1 = obj(byId.get(1));
    expect(a1.ok).toBe(true);
    expect(obj(a1.result).neuron).toBe('b1:4');
    expect(obj(byId.get('two')).ok).toBe(true);
    const bad = obj(byId.get(null));
    expect(bad.ok).toBe(false);
    expect(obj(bad.error).code).toBe('BAD_JSON');
    expect(obj(obj(byId.get(4)).error).field).toBe('op');
    expect(obj(obj(byId.get(5)).error).code).toBe('OUT_OF_RANGE');
    expect((obj(obj(byId.get(6)).result).ys as number[]).length).toBe(2);
  });

  test('WebSocket upgrade without the token is refused with 401', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/v1/ws`);
    const status = await new Promise<number>((resolve) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => resolve(101));
      ws.once('error', () => undefined);
    });
    ws.terminate();
    expect(status).toBe(401);
  });

  test('/metrics is Prometheus text with requests, latency, queue depth, pulses and thermal state', async () => {
    const r = await request(server.url, '/metrics', { headers: AUTH });
    expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const m = parsePrometheus(r.text);
    expect(m.types.get('nucleon_http_request_duration_seconds')).toBe('histogram');
    expect(sampleValue(m, 'nucleon_http_requests_total', { route: '/v1/neurons/:id/calibrate', status: '200' })).toBe(3);
    expect(sampleValue(m, 'nucleon_http_requests_total', { route: '/v1/board', status: '401' })).toBeGreaterThanOrEqual(2);
    expect(sampleValue(m, 'nucleon_queue_depth', { board: 'b0' })).toBe(0);
    expect(sampleValue(m, 'nucleon_board_up', { board: 'b1' })).toBe(1);
    expect(sampleValue(m, 'nucleon_neuron_calibrated', { neuron: 'b1:4' })).toBe(1);
    expect(sampleValue(m, 'nucleon_neuron_thermal_state', { neuron: 'b0:0' })).toBeGreaterThanOrEqual(0);
    expect(sampleValue(m, 'nucleon_ws_messages_total', { op: 'activate', status: '200' })).toBe(1);
    // Pulses: per neuron + unattributed = the twin's count, board by board; single-channel
    // activity (b1 only ever saw channel 4 alone or in one-channel groups) is exact per channel.
    for (const [i, id] of [
      [0, 'b0'],
      [1, 'b1'],
    ] as const) {
      const twin = twinOfSlot(server, i);
      let booked = sampleValue(m, 'nucleon_board_unattributed_pulses_total', { board: id }) ?? 0;
      for (let ch = 0; ch < 10; ch++) booked += sampleValue(m, 'nucleon_neuron_pulses_total', { neuron: `${id}:${ch}` }) ?? 0;
      expect(booked).toBe(twin.counters.pulses);
      expect(sampleValue(m, 'nucleon_board_pulses_total', { board: id })).toBe(twin.counters.pulses);
    }
    expect(sampleValue(m, 'nucleon_neuron_pulses_total', { neuron: 'b1:4' })).toBe(twinOfSlot(server, 1).counters.pulsesPerChannel[4]);
  });
});
