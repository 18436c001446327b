/**
 * Fuzz: `nucleon serve` over HTTP and WebSocket. Valid requests mutated field by field (a value
 * replaced, a field dropped or added, a key doubled, the body cut or re-encoded), headers varied
 * (content types, charsets, encodings), paths and methods varied. On every input: no 5xx but a
 * board's 503s, a 4xx carries the documented error object with a bounded message and no stack
 * trace, a refused input fires no pulse (the twin's counter before and after), and the server
 * still answers a valid request. Calibrate bodies are fuzzed only with mutations that cannot be
 * valid (a valid one would run a whole sweep per input).
 */
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../host/server/server';
import { request, twinOfSlot, isRecord } from '../server/helpers';
import { rawRequest } from '../server/raw-http';
import { checkMessage, fuzzCount, fuzzTimeoutMs, runInputs, type FuzzRng } from './fuzz-kit';

const HTTP_COUNT = fuzzCount(400);
const WS_COUNT = fuzzCount(300);

interface Case {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | null;
}

/** A body as JSON text, mutated: a field replaced, dropped, added, doubled; or the text cut. */
function mutateBody(rng: FuzzRng, base: Record<string, unknown>, mustBreak: boolean): string {
  const obj: Record<string, unknown> = { ...base };
  const keys = Object.keys(obj);
  const op = rng.int(0, mustBreak ? 3 : 6);
  let text: string;
  switch (op) {
    case 0: // an unknown field
      obj[rng.pick(['y', 'X', 'xs ', 'constructor', 'prototype', 'toString', rng.text(8) || 'k'])] = rng.value();
      text = JSON.stringify(obj);
      break;
    case 1: // a key twice
      {
        const k = rng.pick(keys);
        const inner = JSON.stringify(obj).slice(1, -1);
        text = `{${inner},${JSON.stringify(k)}:${JSON.stringify(rng.value()) ?? 'null'}}`;
      }
      break;
    case 2: // __proto__
      text = `{"__proto__":${JSON.stringify(obj)}}`;
      break;
    case 3: // not JSON / not an object
      text = rng.pick([JSON.stringify(obj).slice(0, rng.int(0, 8)), '[]', 'null', '"x"', '{"x":0.5', '{x:0.5}', '{"x":0.5}}', '\ufeff{"x":0.5}', '{"x":NaN}', '{"x":1e400}', '[' .repeat(rng.int(1, 200))]);
      break;
    case 4: // a field replaced
      obj[rng.pick(keys)] = rng.value();
      text = JSON.stringify(obj);
      break;
    case 5: // a field dropped
      delete obj[rng.pick(keys)];
      text = JSON.stringify(obj);
      break;
    default: // as it is, in odd whitespace
      text = JSON.stringify(obj, null, rng.int(0, 3));
  }
  return text;
}

function randomCase(rng: FuzzRng): Case {
  const route = rng.int(0, 9);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  let method = 'POST';
  let path: string;
  let body: string | null;
  if (route <= 4) {
    path = `/v1/neurons/${rng.chance(0.8) ? 'b0:0' : rng.pick(['0', 'b0:1', 'b0:12', 'b1:0', 'b0:00', '%62%30%3a0', rng.text(10), 'a'.repeat(rng.int(90, 130))])}/activate`;
    body = mutateBody(rng, { x: rng.chance(0.5) ? 0.25 : rng.number() }, false);
  } else if (route <= 7) {
    path = '/v1/activate';
    const base: Record<string, unknown> = { xs: [0.1] };
    if (rng.chance(0.5)) base.channels = ['b0:0'];
    body = mutateBody(rng, base, false);
  } else if (route === 8) {
    path = '/v1/neurons/b0:0/calibrate';
    body = mutateBody(rng, { widthUs: 5, steps: 20 }, true);
  } else {
    method = rng.pick(['GET', 'GET', 'DELETE', 'PUT', 'PATCH', 'OPTIONS', 'HEAD', 'POST']);
    path = rng.pick(['/v1/board', '/v1/neurons', '/metrics', '/healthz', '/v1/ws', '/', '/v1', '/v1/neurons/b0:0', `/${rng.text(20)}`, '/v1/neurons/%zz/activate', '/v1/neurons/%E0%A4%A/activate']);
    body = rng.chance(0.3) ? mutateBody(rng, { x: 0.5 }, false) : null;
  }
  // headers and encodings varied
  const h = rng.int(0, 12);
  if (h === 0) headers['Content-Type'] = rng.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/json;charset="utf-8"', '', 'multipart/form-data; boundary=x', 'application/vnd.api+json']);
  else if (h === 1) headers['Content-Encoding'] = rng.pick(['gzip', 'deflate', 'br', 'identity', 'gzip, identity', 'x']);
  else if (h === 2) headers['Transfer-Encoding'] = rng.pick(['gzip, chunked', 'chunked', 'identity', 'compress']);
  else if (h === 3) delete headers['Content-Type'];
  else if (h === 4) headers.Authorization = rng.pick(['Bearer x', 'Basic abc', '']);
  // a request line carries bytes 0x21..0x7e: anything else %-escaped byte by byte (lone surrogates too)
  path = Array.from(Buffer.from(path, 'utf8'), (b) => (b > 0x20 && b < 0x7f ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`)).join('');
  return { method, path, headers, body };
}

function rawText(c: Case): string {
  const lines = [`${c.method} ${c.path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [k, v] of Object.entries(c.headers)) lines.push(`${k}: ${v}`);
  let payload = '';
  // a chunked request without a body still ends its (empty) chunk stream: else the server rightly waits
  if (c.body === null && /chunked/.test(c.headers['Transfer-Encoding'] ?? '')) payload = '0\r\n\r\n';
  if (c.body !== null) {
    const bytes = Buffer.byteLength(c.body);
    if (c.headers['Transfer-Encoding']) payload = `${bytes.toString(16)}\r\n${c.body}\r\n0\r\n\r\n`;
    else {
      lines.push(`Content-Length: ${bytes}`);
      payload = c.body;
    }
  }
  return `${lines.join('\r\n')}\r\n\r\n${payload}`;
}

const BOARD_503 = ['THERMAL_GUARD', 'QUEUE_FULL', 'BOARD_DOWN'];

describe('fuzz: nucleon serve', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ boards: ['sim:seed=71'], port: 0 });
    expect((await request(server.url, '/v1/neurons/b0:0/calibrate', { body: { steps: 100 }, timeoutMs: 60000 })).status).toBe(200);
  }, 120000);

  afterAll(async () => {
    await server?.close();
  });

  const pulses = (): number => twinOfSlot(server).counters.pulses;

  async function stillServes(): Promise<void> {
    const r = await request(server.url, '/v1/neurons/b0:0/activate', { body: { x: 0.5 } });
    if (r.status !== 200) throw new Error(`a valid request after the input answered ${r.status}: ${r.text.slice(0, 200)}`);
  }

  test(
    `HTTP: ${HTTP_COUNT} mutated requests`,
    async () => {
      const c = await runInputs('http', HTTP_COUNT, async (rng, i) => {
        const k = randomCase(rng);
        const before = pulses();
        const r = await rawRequest(server.port, rawText(k)).catch((err: Error) => {
          throw new Error(`${err.message}: ${JSON.stringify(rawText(k)).slice(0, 400)}`);
        });
        const what = `${k.method} ${k.path.slice(0, 80)} ${JSON.stringify(k.headers)} ${String(k.body).slice(0, 120)} → ${r.status} ${r.body.slice(0, 200)}`;
        if (r.status === 0) throw new Error(`no HTTP answer: ${what}`);
        const refused = r.status >= 400;
        if (refused) {
          const e = isRecord(r.json) && isRecord(r.json.error) ? r.json.error : null;
          if (!e || typeof e.code !== 'string' || !('field' in e) || !('allowed' in e)) {
            if (!(k.method === 'HEAD' && r.body === '')) throw new Error(`no documented error object: ${what}`);
          } else {
            checkMessage(what, e.message);
            if (r.status >= 500 && !(r.status === 503 && BOARD_503.includes(e.code))) throw new Error(`a 5xx: ${what}`);
          }
          if (pulses() !== before) throw new Error(`a refused input pulsed (${pulses() - before}): ${what}`);
        } else if (r.status >= 300) throw new Error(`unexpected status: ${what}`);
        if (i % 25 === 0 || refused) await stillServes();
        return refused ? 'refused' : 'accepted';
      });
      expect(c.inputs).toBe(HTTP_COUNT);
      expect(c.refused).toBeGreaterThan(HTTP_COUNT / 4);
    },
    fuzzTimeoutMs(HTTP_COUNT, 20),
  );

  test(
    `WebSocket: ${WS_COUNT} mutated messages on one socket`,
    async () => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/v1/ws`);
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      let waiting: ((m: Record<string, unknown>) => void) | null = null;
      ws.on('message', (d: Buffer) => {
        const m = JSON.parse(d.toString()) as Record<string, unknown>;
        const w = waiting;
        waiting = null;
        w?.(m);
      });
      const send = (text: string): Promise<Record<string, unknown>> =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no answer to ${text.slice(0, 200)}`)), 30000);
          waiting = (m) => {
            clearTimeout(timer);
            resolve(m);
          };
          ws.send(text);
        });
      try {
        const c = await runInputs('ws', WS_COUNT, async (rng, i) => {
          const kind = rng.int(0, 4);
          const base: Record<string, unknown> =
            kind <= 1 ? { id: i, op: 'activate', neuron: 'b0:0', x: 0.25 } : kind === 2 ? { id: i, op: 'activateMany', xs: [0.1], channels: ['b0:0'] } : kind === 3 ? { id: i, op: rng.pick(['neurons', 'board', 'ping', 'nope', '', 'calibrate']) } : { id: rng.value(), op: 'ping' };
          let text = mutateBody(rng, base, kind === 3 && base.op === 'calibrate');
          if (kind === 3 && base.op === 'calibrate') text = text.replace(/^\{/, '{"steps":"many",');
          const before = pulses();
          const m = await send(text);
          const what = `${text.slice(0, 200)} → ${JSON.stringify(m).slice(0, 300)}`;
          if (m.ok === true) return 'accepted';
          const status = m.status;
          const e = isRecord(m.error) ? m.error : null;
          if (typeof status !== 'number' || !e || typeof e.code !== 'string') throw new Error(`no documented error: ${what}`);
          checkMessage(what, e.message);
          if (status >= 500 && !(status === 503 && BOARD_503.includes(e.code))) throw new Error(`a 5xx: ${what}`);
          if (pulses() !== before) throw new Error(`a refused message pulsed: ${what}`);
          if (i % 25 === 0) {
            const ok = await send(JSON.stringify({ id: 'check', op: 'activate', neuron: 'b0:0', x: 0.5 }));
            if (ok.ok !== true) throw new Error(`the socket stopped serving after ${what}`);
          }
          return 'refused';
        });
        expect(c.refused).toBeGreaterThan(WS_COUNT / 4);
      } finally {
        ws.close();
      }
      await (async () => {
        const r = await request(server.url, '/healthz');
        expect(r.status).toBe(200);
      })();
    },
    fuzzTimeoutMs(WS_COUNT, 20),
  );
});
