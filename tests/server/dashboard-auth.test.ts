/**
 * The dashboard's routes behind a token: the page and its static files open (no data in
 * them), /v1/live only with the token (header or ?token=), and ?token= accepted nowhere else.
 * Only the listed files are served.
 */
import WebSocket from 'ws';
import type { RunningServer } from '../../host/server/server';
import { startServer } from '../../host/server/server';
import * as net from 'net';
import { isRecord, request } from './helpers';

/** A GET with the path exactly as given (Node's http client would resolve dot segments). */
function rawGet(port: number, rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.write(`GET ${rawPath} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`));
    let text = '';
    sock.on('data', (c: Buffer) => (text += c.toString('utf8')));
    sock.on('end', () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : 0, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    sock.on('error', reject);
  });
}

const TOKEN = 'dashboard-auth-token-abcdefgh';

/** Opens a WebSocket and resolves with its first message, or rejects with the refusal's status. */
function firstMessage(url: string, headers: Record<string, string> = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('message', (data: WebSocket.RawData) => {
      resolve(JSON.parse(String(data)) as unknown);
      ws.close();
    });
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`status ${res.statusCode ?? '?'}`));
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

describe('dashboard routes with a token', () => {
  let server: RunningServer;
  let wsBase: string;

  beforeAll(async () => {
    server = await startServer({ boards: ['sim:seed=3'], port: 0, token: TOKEN });
    wsBase = server.url.replace(/^http/, 'ws');
  }, 60000);

  afterAll(async () => {
    await server?.close();
  });

  test('the page, its script and uPlot need no token', async () => {
    for (const [p, type] of [
      ['/', /text\/html/],
      ['/dashboard/dashboard.js', /javascript/],
      ['/dashboard/charts.js', /javascript/],
      ['/dashboard/dashboard.css', /text\/css/],
      ['/vendor/uPlot.iife.min.js', /javascript/],
      ['/vendor/uPlot.min.css', /text\/css/],
    ] as const) {
      const r = await request(server.url, p);
      expect([p, r.status]).toEqual([p, 200]);
      expect(r.headers['content-type']).toMatch(type);
    }
  });

  test('only those paths are open: other files and dot segments need the token like the API', async () => {
    // raw paths, as sent (no client-side normalisation of dot segments)
    for (const p of ['/dashboard/../v1/board', '/dashboard/%2e%2e/v1/board', '/vendor/uPlot.esm.js', '/dashboard/', '/vendor/../../package.json', '/dashboard/dashboard.js/../../v1/neurons']) {
      const r = await rawGet(server.port, p);
      expect([p, r.status]).toEqual([p, 401]);
      expect(r.body).not.toMatch(/"dependencies"|"boards"|"neurons"/);
    }
  });

  test('/v1/live refuses without the token or with a wrong one', async () => {
    await expect(firstMessage(`${wsBase}/v1/live`)).rejects.toThrow('status 401');
    await expect(firstMessage(`${wsBase}/v1/live?token=wrong-token-wrong-token`)).rejects.toThrow('status 401');
  });

  test('/v1/live with ?token= or the header starts with a snapshot of the boards and neurons', async () => {
    for (const m of [await firstMessage(`${wsBase}/v1/live?token=${TOKEN}`), await firstMessage(`${wsBase}/v1/live`, { authorization: `Bearer ${TOKEN}` })]) {
      if (!isRecord(m) || !isRecord(m.state)) throw new Error(`not a snapshot: ${JSON.stringify(m)}`);
      expect(m.type).toBe('snapshot');
      expect(m.state.mode).toBe('serve');
      expect((m.state.boards as { id: string; link: string }[]).map((b) => [b.id, b.link])).toEqual([['b0', 'up']]);
      expect((m.state.neurons as unknown[]).length).toBe(10);
    }
  });

  test('?token= is accepted on /v1/live only', async () => {
    for (const p of ['/v1/board', '/v1/neurons', '/metrics']) {
      expect((await request(server.url, `${p}?token=${TOKEN}`)).status).toBe(401);
    }
    const r = await request(server.url, `/v1/neurons/b0:0/activate?token=${TOKEN}`, { body: { x: 0 } });
    expect(r.status).toBe(401);
  });
});
