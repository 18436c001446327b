/**
 * Issue 14, "HTTP bodies the server does not understand are read anyway" and "error shapes leak
 * from the framework": each request below was answered 200 (and pulsed) or with fastify's own
 * error shape. Now each is a 4xx with the documented error object naming the real fault, no
 * pulse is fired, and the server still answers a valid request afterwards.
 */
import WebSocket from 'ws';
import type { RunningServer } from '../../host/server/server';
import { startServer } from '../../host/server/server';
import { errorOf, request, twinOfSlot } from './helpers';
import { chunked, rawPost, rawRequest } from './raw-http';

const JSON_CT = { 'Content-Type': 'application/json' };

describe('hostile HTTP input (issue 14)', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ boards: ['sim:seed=41'], port: 0 });
    const r = await request(server.url, '/v1/neurons/b0:0/calibrate', { body: { steps: 100 }, timeoutMs: 60000 });
    expect(r.status).toBe(200);
  }, 120000);

  afterAll(async () => {
    await server?.close();
  });

  const pulses = (): number => twinOfSlot(server).counters.pulses;

  async function stillServes(): Promise<void> {
    const r = await request(server.url, '/v1/neurons/b0:0/activate', { body: { x: 0.5 } });
    expect(r.status).toBe(200);
  }

  test.each<[string, string, number, string, string | null, RegExp]>([
    ['Content-Encoding: gzip on a plain body', rawPost('/v1/neurons/b0:0/activate', { ...JSON_CT, 'Content-Encoding': 'gzip' }, '{"x":0.5}'), 415, 'BAD_ENCODING', 'content-encoding', /Content-Encoding "gzip" is not supported/],
    ['Transfer-Encoding: gzip, chunked', rawPost('/v1/neurons/b0:0/activate', { ...JSON_CT, 'Transfer-Encoding': 'gzip, chunked' }, chunked('{"x":0.5}')), 415, 'BAD_ENCODING', 'transfer-encoding', /Transfer-Encoding "gzip, chunked" is not supported/],
    ['charset=utf-16', rawPost('/v1/neurons/b0:0/activate', { 'Content-Type': 'application/json; charset=utf-16' }, '{"x":0.5}'), 415, 'BAD_CONTENT_TYPE', 'content-type', /charset "utf-16" is not supported/],
    ['charset=latin1', rawPost('/v1/activate', { 'Content-Type': 'application/json;charset="ISO-8859-1"' }, '{"xs":[0.5]}'), 415, 'BAD_CONTENT_TYPE', 'content-type', /charset "ISO-8859-1"/],
    ['duplicate keys {"x":1e9,"x":0.5}', rawPost('/v1/neurons/b0:0/activate', JSON_CT, '{"x":1e9,"x":0.5}'), 400, 'BAD_JSON', 'x', /gives key "x" twice/],
    ['duplicate keys {"x":0.5,"x":1e9}', rawPost('/v1/neurons/b0:0/activate', JSON_CT, '{"x":0.5,"x":1e9}'), 400, 'BAD_JSON', 'x', /gives key "x" twice/],
    ['duplicate keys written differently ("x" and "\\u0078")', rawPost('/v1/neurons/b0:0/activate', JSON_CT, '{"x":0.5,"\\u0078":0.1}'), 400, 'BAD_JSON', 'x', /gives key "x" twice/],
    ['a __proto__ key', rawPost('/v1/neurons/b0:0/activate', JSON_CT, '{"__proto__":{"x":0.5}}'), 400, 'BAD_FIELD', '__proto__', /"__proto__" key/],
    ['a neuron id of 200 characters', rawPost(`/v1/neurons/${'a'.repeat(200)}/activate`, JSON_CT, '{"x":0.5}'), 414, 'URL_TOO_LONG', 'url', /longer than 100 characters/],
    ['a malformed %-escape', rawPost('/v1/neurons/%zz/activate', JSON_CT, '{"x":0.5}'), 400, 'BAD_URL', 'url', /%-escape is malformed/],
    ['bytes that are not HTTP', 'GARBAGE\r\n\r\n', 400, 'BAD_REQUEST', null, /not valid HTTP\/1\.1 \(HPE_INVALID_METHOD/],
    ['GET /v1/ws without an upgrade', 'GET /v1/ws HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 426, 'UPGRADE_REQUIRED', 'upgrade', /is a WebSocket/],
  ])('%s is refused with the error object naming the fault, no pulse', async (_name, bytes, status, code, field, message) => {
    const before = pulses();
    const r = await rawRequest(server.port, bytes);
    expect(r.status).toBe(status);
    const e = errorOf({ status: r.status, headers: {}, text: r.body, json: r.json });
    expect(e.code).toBe(code);
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
    expect(r.body).not.toMatch(/FST_ERR|Client Error|at .*\.js:\d+/);
    expect(pulses()).toBe(before);
    await stillServes();
  });

  test('identity Content-Encoding, chunked Transfer-Encoding and charset=utf-8 are still read', async () => {
    for (const bytes of [
      rawPost('/v1/neurons/b0:0/activate', { ...JSON_CT, 'Content-Encoding': 'identity' }, '{"x":0.5}'),
      rawPost('/v1/neurons/b0:0/activate', { ...JSON_CT, 'Transfer-Encoding': 'chunked' }, chunked('{"x":0.5}')),
      rawPost('/v1/neurons/b0:0/activate', { 'Content-Type': 'application/json; charset=UTF-8' }, '{"x":0.5}'),
    ]) {
      const r = await rawRequest(server.port, bytes);
      expect(r.status).toBe(200);
    }
  });

  test('WebSocket messages with duplicate keys or __proto__ are refused like bodies; the socket keeps working', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/v1/ws`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const answers: Record<string, unknown>[] = [];
    const got = new Promise<void>((resolve) => {
      ws.on('message', (d: Buffer) => {
        answers.push(JSON.parse(d.toString()) as Record<string, unknown>);
        if (answers.length === 3) resolve();
      });
    });
    const before = pulses();
    ws.send('{"id":1,"op":"activate","neuron":"b0:0","x":1e9,"x":0.5}');
    ws.send('{"id":2,"op":"activate","neuron":"b0:0","__proto__":{"x":0.5}}');
    ws.send('{"id":3,"op":"ping"}');
    await got;
    ws.close();
    const byId = new Map(answers.map((a) => [a.id, a]));
    expect(byId.get(1)).toMatchObject({ ok: false, status: 400, error: { code: 'BAD_JSON', field: 'x' } });
    expect(byId.get(2)).toMatchObject({ ok: false, status: 400, error: { code: 'BAD_FIELD', field: '__proto__' } });
    expect(byId.get(3)).toMatchObject({ ok: true, result: { pong: true } });
    expect(pulses()).toBe(before);
  });
});
