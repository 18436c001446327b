/**
 * The per-board fair queue over HTTP: a burst larger than the queue gets 503 QUEUE_FULL with
 * Retry-After for the overflow, the rest is served, and the queue drains to zero.
 */
import * as http from 'http';
import type { RunningServer } from '../../host/server/server';
import { startServer } from '../../host/server/server';
import { errorOf, pool, request, twinOfSlot } from './helpers';

describe('nucleon serve: bounded queue', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ boards: ['sim:seed=9'], port: 0, queueCapacity: 4, perClientLimit: 2 });
    expect((await request(server.url, '/v1/neurons/b0:0/calibrate', { body: { steps: 200 }, timeoutMs: 60000 })).status).toBe(200);
  }, 60000);

  afterAll(async () => {
    await server?.close();
  });

  test('a burst beyond the queue: overflow gets 503 + Retry-After, the rest succeeds, nothing pulses for refusals', async () => {
    const twin = twinOfSlot(server);
    const before = twin.counters.pulses;
    const agents = Array.from({ length: 30 }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
    const results = await pool([...Array(30).keys()], 30, (i, w) =>
      request(server.url, '/v1/neurons/b0:0/activate', { body: { x: (i % 7) - 3 }, agent: agents[w] }),
    );
    agents.forEach((a) => a.destroy());
    const ok = results.filter((r) => r.status === 200);
    const full = results.filter((r) => r.status === 503);
    expect(ok.length + full.length).toBe(30);
    expect(full.length).toBeGreaterThan(0);
    expect(ok.length).toBeGreaterThanOrEqual(4);
    for (const r of full) {
      expect(errorOf(r).code).toBe('QUEUE_FULL');
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    const served = ok.reduce((sum, r) => sum + ((r.json as { pulses: number }).pulses ?? 0), 0);
    expect(twin.counters.pulses - before).toBe(served);
    expect(server.pool.slots[0].queue.depth).toBe(0);
  });
});
