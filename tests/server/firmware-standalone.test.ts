/**
 * The firmware side of issue 7, checked through the server where a client would meet it:
 * NOT_CALIBRATED from the board itself, calibration surviving a power cycle (the twin's state
 * file is its flash), and the thermal guard refusing a channel that needs to cool (503
 * THERMAL_GUARD, nothing pulsed).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openBoard } from '../../host/open';
import { isNucleonError } from '../../host/errors';
import type { RunningServer } from '../../host/server/server';
import { startServer } from '../../host/server/server';
import type { HttpResult } from './helpers';
import { errorOf, isRecord, request, twinOfSlot } from './helpers';
import { parsePrometheus, sampleValue } from './prometheus-parse';

describe('standalone neuron firmware behind the server', () => {
  test('the board itself answers NOT_CALIBRATED for activate and activateMany on an uncalibrated channel', async () => {
    const board = await openBoard('sim:seed=41');
    try {
      const e1 = await board.activate(3, 0).catch((e: unknown) => e);
      expect(isNucleonError(e1, 'NOT_CALIBRATED')).toBe(true);
      const e2 = await board.activateMany([0, 0], [3, 4]).catch((e: unknown) => e);
      expect(isNucleonError(e2, 'NOT_CALIBRATED')).toBe(true);
    } finally {
      await board.close();
    }
  });

  test('a calibration stored through the server survives a power cycle (state file = flash)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-serve-'));
    const stateFile = path.join(dir, 'board.json');
    let server = await startServer({ boards: ['sim:seed=42'], port: 0 });
    let cal: Record<string, unknown>;
    try {
      const r = await request(server.url, '/v1/neurons/b0:2/calibrate', { body: { steps: 200 }, timeoutMs: 60000 });
      expect(r.status).toBe(200);
      if (!isRecord(r.json)) throw new Error('not JSON');
      cal = r.json;
      twinOfSlot(server).saveState(stateFile);
    } finally {
      await server.close();
    }
    server = await startServer({ boards: [`sim:seed=42,state=${stateFile}`], port: 0 });
    try {
      const neurons = (await request(server.url, '/v1/neurons')).json as { neurons: Record<string, unknown>[] };
      const n2 = neurons.neurons.find((n) => n.id === 'b0:2');
      expect(n2?.calibrated).toBe(true);
      expect(n2?.iLowUa).toBe(cal.iLowUa);
      expect(n2?.iHighUa).toBe(cal.iHighUa);
      expect(neurons.neurons.filter((n) => n.calibrated).map((n) => n.id)).toEqual(['b0:2']);
      const a = await request(server.url, '/v1/neurons/b0:2/activate', { body: { x: 100 } });
      expect(a.status).toBe(200);
      expect((a.json as { currentUa: number }).currentUa).toBe(cal.iHighUa);
    } finally {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);

  describe('thermal guard', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer({ boards: ['sim:seed=43'], port: 0 });
      expect((await request(server.url, '/v1/neurons/b0:0/calibrate', { body: { steps: 200 }, timeoutMs: 60000 })).status).toBe(200);
      // Refuse instead of delaying, so the guard shows up as an answer rather than a wait.
      await server.pool.slots[0].exec('test', (b) => b.configSet({ guardMode: 'refuse' }));
    }, 60000);
    afterAll(async () => {
      await server?.close();
    });

    test('a channel driven hard is refused with 503 THERMAL_GUARD, nothing pulses, its state reads hot, pulses stay booked', async () => {
      const twin = twinOfSlot(server);
      // 16 activations per batch alternating the ends of ΔI: every one is RESET + SET.
      const body = { xs: Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? -50 : 50)), channels: Array(16).fill('b0:0') };
      let refused: HttpResult | null = null;
      let pulsesBeforeRefusal = -1;
      for (let batches = 0; batches < 1000 && !refused; batches++) {
        pulsesBeforeRefusal = twin.counters.pulses;
        const r = await request(server.url, '/v1/activate', { body });
        if (r.status !== 200) refused = r;
      }
      expect(refused).not.toBeNull();
      expect(refused!.status).toBe(503);
      expect(errorOf(refused!).code).toBe('THERMAL_GUARD');
      expect(Number(refused!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // A batch runs whole or not at all: the refused one fired nothing.
      expect(twin.counters.pulses).toBe(pulsesBeforeRefusal);
      // Single activations use the headroom the refused batch left, until the guard refuses one
      // too — before any pulse.
      let single: HttpResult | null = null;
      let pulsesBeforeSingle = -1;
      for (let n = 0; n < 200; n++) {
        pulsesBeforeSingle = twin.counters.pulses;
        single = await request(server.url, '/v1/neurons/b0:0/activate', { body: { x: -50 } });
        if (single.status !== 200) break;
      }
      expect(single!.status).toBe(503);
      expect(errorOf(single!).code).toBe('THERMAL_GUARD');
      expect(twin.counters.pulses).toBe(pulsesBeforeSingle);
      const neurons = (await request(server.url, '/v1/neurons')).json as { neurons: { id: string; thermal: { state: string; stressRatio: number; guardRatio: number } }[] };
      const t = neurons.neurons[0].thermal;
      expect(t.guardRatio).toBe(0.8);
      expect((t as { fresh?: boolean }).fresh).toBe(true);
      expect(t.stressRatio).toBeGreaterThan(0.7);
      expect(['warm', 'guarded']).toContain(t.state);
      expect(neurons.neurons[2].thermal.state).toBe('cool');
      // Every pulse is booked to b0:0.
      const m = parsePrometheus((await request(server.url, '/metrics')).text);
      expect(sampleValue(m, 'nucleon_neuron_pulses_total', { neuron: 'b0:0' })).toBe(twin.counters.pulsesPerChannel[0]);
      expect(sampleValue(m, 'nucleon_neuron_thermal_state', { neuron: 'b0:0' })).toBeGreaterThanOrEqual(1);
    }, 60000);
  });
});
