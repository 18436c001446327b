/**
 * A lost board link: requests answer 503 BOARD_DOWN (with Retry-After) at once, the server
 * reconnects in the background, and the neurons work again without recalibrating (the
 * calibration is in the board's flash). The twin is served over loopback TCP; closing that
 * server drops the link the way a pulled cable does.
 */
import type { RunningServer } from '../../host/server/server';
import { startServer } from '../../host/server/server';
import type { SimBoard } from '../host/sim-fixtures';
import { openSimBoard, serveSimTcp } from '../host/sim-fixtures';
import { errorOf, isRecord, request } from './helpers';

describe('nucleon serve: link loss and recovery', () => {
  let board: SimBoard;
  let tcp: { port: number; close(): Promise<void> } | null = null;
  let server: RunningServer;
  const lines: string[] = [];

  beforeAll(async () => {
    board = await openSimBoard('sim:seed=77');
    tcp = await serveSimTcp(board, 0, '127.0.0.1');
    server = await startServer({
      boards: [`tcp://127.0.0.1:${tcp.port}`],
      port: 0,
      reconnectMinMs: 50,
      reconnectMaxMs: 200,
      log: (l) => lines.push(l),
    });
    const r = await request(server.url, '/v1/neurons/b0:0/calibrate', { body: { steps: 200 }, timeoutMs: 60000 });
    expect(r.status).toBe(200);
  }, 60000);

  afterAll(async () => {
    await server?.close();
    await tcp?.close();
    await board?.close();
  });

  test('503 BOARD_DOWN while the link is gone, then recovery in the background', async () => {
    expect((await request(server.url, '/v1/neurons/b0:0/activate', { body: { x: 0.5 } })).status).toBe(200);
    const port = tcp!.port;
    await tcp!.close();
    tcp = null;
    // Bounded wait for the server to notice (it is told by the socket's close at once).
    let down = await request(server.url, '/v1/neurons/b0:0/activate', { body: { x: 0.5 } });
    for (let i = 0; i < 50 && down.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 20));
      down = await request(server.url, '/v1/neurons/b0:0/activate', { body: { x: 0.5 } });
    }
    expect(down.status).toBe(503);
    expect(errorOf(down).code).toBe('BOARD_DOWN');
    expect(Number(down.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const health = await request(server.url, '/healthz');
    expect(health.status).toBe(200);
    expect(JSON.stringify(health.json)).toMatch(/"link":"(down|connecting)"/);
    // Listings still answer while the board is away.
    const neurons = await request(server.url, '/v1/neurons');
    expect(neurons.status).toBe(200);
    // …with the thermal figures marked stale, not passed off as a fresh read.
    const listed = (neurons.json as { neurons: { thermal: { fresh: boolean } }[] }).neurons;
    expect(listed.length).toBeGreaterThan(0);
    for (const n of listed) expect(n.thermal.fresh).toBe(false);

    // The board comes back on the same address.
    tcp = await serveSimTcp(board, port, '127.0.0.1');
    let back = down;
    for (let i = 0; i < 100 && back.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      back = await request(server.url, '/v1/neurons/b0:0/activate', { body: { x: 0.5 } });
    }
    expect(back.status).toBe(200);
    if (!isRecord(back.json)) throw new Error('not JSON');
    expect(back.json.y as number).toBeGreaterThanOrEqual(0);
    expect(back.json.y as number).toBeLessThanOrEqual(1);
    expect(back.json.neuron).toBe('b0:0');
    expect([1, 2]).toContain(back.json.pulses);
    const boards = await request(server.url, '/v1/board');
    const b0 = (boards.json as { boards: Record<string, unknown>[] }).boards[0];
    expect(b0.link).toBe('up');
    expect(b0.linkLosses).toBe(1);
    expect(b0.reconnects).toBe(1);
    expect(b0.calibrated).toEqual([0]);
    expect(lines.some((l) => /b0 .* down/.test(l))).toBe(true);
  }, 30000);

  test('a request in flight when the link drops answers 503 too, and nothing is left queued', async () => {
    const port = tcp!.port;
    const pending = request(server.url, '/v1/neurons/b0:1/calibrate', { body: { steps: 1000 }, timeoutMs: 60000 });
    const queued = request(server.url, '/v1/neurons/b0:0/activate', { body: { x: 0 } });
    await new Promise((r) => setTimeout(r, 60));
    await tcp!.close();
    tcp = null;
    const [a, b] = await Promise.all([pending, queued]);
    expect(a.status).toBe(503);
    expect(errorOf(a).code).toBe('BOARD_DOWN');
    expect(b.status).toBe(503);
    tcp = await serveSimTcp(board, port, '127.0.0.1');
    let back = await request(server.url, '/healthz');
    for (let i = 0; i < 100 && !/"link":"up"/.test(back.text); i++) {
      await new Promise((r) => setTimeout(r, 50));
      back = await request(server.url, '/healthz');
    }
    expect(back.text).toMatch(/"link":"up"/);
    expect(server.pool.slots[0].queue.depth).toBe(0);
    expect((await request(server.url, '/v1/neurons/b0:0/activate', { body: { x: 0 } })).status).toBe(200);
  }, 30000);
});
