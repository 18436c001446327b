import { FairQueue } from '../../host/server/fair-queue';
import { isServerError, ServerError } from '../../host/server/errors';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('FairQueue', () => {
  test('runs tasks one at a time in arrival order across clients', async () => {
    const q = new FairQueue({ capacity: 100, perClientLimit: 100 });
    const order: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const tasks = ['a1', 'b1', 'a2', 'c1', 'b2'].map((name) =>
      q.run(name[0], async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setImmediate(r));
        order.push(name);
        running--;
        return name.toUpperCase();
      }),
    );
    expect(await Promise.all(tasks)).toEqual(['A1', 'B1', 'A2', 'C1', 'B2']);
    expect(order).toEqual(['a1', 'b1', 'a2', 'c1', 'b2']);
    expect(maxRunning).toBe(1);
    expect(q.depth).toBe(0);
    expect(q.served).toBe(5);
  });

  test('a full queue refuses at once with QUEUE_FULL and a Retry-After', async () => {
    const q = new FairQueue({ capacity: 3, perClientLimit: 3 });
    const gate = deferred();
    const held = [0, 1, 2].map((i) => q.run(`c${i}`, () => gate.promise));
    expect(q.depth).toBe(3);
    const err = await q.run('c9', async () => 'never').catch((e: unknown) => e);
    expect(isServerError(err)).toBe(true);
    const e = err as ServerError;
    expect(e.code).toBe('QUEUE_FULL');
    expect(e.status).toBe(503);
    expect(e.retryAfterS).toBeGreaterThanOrEqual(1);
    expect(e.allowed).toEqual({ maxQueued: 3 });
    expect(q.rejected).toBe(1);
    gate.resolve();
    await Promise.all(held);
    await expect(q.run('c9', async () => 'ok')).resolves.toBe('ok');
  });

  test('one client cannot take more than its share', async () => {
    const q = new FairQueue({ capacity: 10, perClientLimit: 2 });
    const gate = deferred();
    const a = [q.run('greedy', () => gate.promise), q.run('greedy', () => gate.promise)];
    await expect(q.run('greedy', async () => 1)).rejects.toMatchObject({ code: 'QUEUE_FULL', allowed: { maxQueuedPerClient: 2 } });
    const other = q.run('polite', async () => 'served');
    gate.resolve();
    await Promise.all(a);
    await expect(other).resolves.toBe('served');
  });

  test('a task that throws (even synchronously) rejects its caller only; the queue goes on', async () => {
    const q = new FairQueue({ capacity: 10, perClientLimit: 10 });
    const bad = q.run('x', () => {
      throw new Error('sync boom');
    });
    const bad2 = q.run('x', async () => {
      throw new Error('async boom');
    });
    const good = q.run('y', async () => 42);
    await expect(bad).rejects.toThrow('sync boom');
    await expect(bad2).rejects.toThrow('async boom');
    await expect(good).resolves.toBe(42);
    expect(q.depth).toBe(0);
  });

  test('clear() rejects what is waiting and frees the clients', async () => {
    const q = new FairQueue({ capacity: 10, perClientLimit: 1 });
    const gate = deferred();
    const running = q.run('a', () => gate.promise);
    const waiting = q.run('b', async () => 'never');
    q.clear(new ServerError('BOARD_DOWN', 503, 'gone'));
    await expect(waiting).rejects.toMatchObject({ code: 'BOARD_DOWN' });
    expect(q.depth).toBe(1);
    gate.resolve();
    await running;
    await expect(q.run('b', async () => 'again')).resolves.toBe('again');
  });
});
