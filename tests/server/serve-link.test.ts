/**
 * A lost board link: requests answer 503 BOARD_DOWN (with Retry-After) at once, the server
 * reconnects in the background, and the neurons work again without recalibrating (the
 * calibration is in the board's flash). The twin is served over loopback TCP; closing that
 * server drops the link the way a pulled cable does. The test waits on the server's state log
 * lines and the board's sweep points, never on a timer.
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
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  /** Resolves at the next log line matching `pattern` (call it before what makes the line). */
  const logged = (pattern: RegExp): Promise<void> => new Promise<void>((resolve) => waiters.push({ pattern, resolve }));
  const log = (line: string): void => {
    lines.push(line);
    for (const w of waiters.splice(0)) {
      if (w.pattern.test(line)) w.resolve();
      else waiters.push(w);
    }
  };

  beforeAll(async () => {
    board = await openSimBoard('sim:seed=77');
    tcp = await serveSimTcp(board, 0, '127.0.0.1');
    server = await startServer({
      boards: [`tcp://127.0.0.1:${tcp.port}`],
      port: 0,
      reconnectMinMs: 50,
      reconnectMaxMs: 200,
      log,
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
    const wentDown = logged(/^board b0 .* down/);
    await tcp!.close();
    tcp = null;
    // The server is told by the socket's close at once.
    await wentDown;
    const down = await request(server.url, '/v1/neurons/b0:0/activate', { body: { x: 0.5 } });
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
    const cameBack = logged(/^board b0 .* up/);
    tcp = await serveSimTcp(board, port, '127.0.0.1');
    await cameBack;
    const back = await request(server.url, '/v1/neurons/b0:0/activate', { body: { x: 0.5 } });
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
    const client = server.pool.slots[0].board;
    if (client === null) throw new Error('board b0 is not up');
    const sweeping = new Promise<void>((resolve) => client.on('sweepPoint', () => resolve()));
    const pending = request(server.url, '/v1/neurons/b0:1/calibrate', { body: { steps: 1000 }, timeoutMs: 60000 });
    const queued = request(server.url, '/v1/neurons/b0:0/activate', { body: { x: 0 } });
    // The calibration is on the board (its first sweep point arrived) when the link drops.
    await sweeping;
    const wentDown = logged(/^board b0 .* down/);
    await tcp!.close();
    tcp = null;
    const [a, b] = await Promise.all([pending, queued]);
    expect(a.status).toBe(503);
    expect(errorOf(a).code).toBe('BOARD_DOWN');
    expect(b.status).toBe(503);
    await wentDown;
    const cameBack = logged(/^board b0 .* up/);
    tcp = await serveSimTcp(board, port, '127.0.0.1');
    await cameBack;
    const back = await request(server.url, '/healthz');
    expect(back.text).toMatch(/"link":"up"/);
    expect(server.pool.slots[0].queue.depth).toBe(0);
    expect((await request(server.url, '/v1/neurons/b0:0/activate', { body: { x: 0 } })).status).toBe(200);
  }, 30000);
});
