/**
 * The dashboard's hub and training feed without a browser: snapshot first, events numbered
 * and applied, a new run clears the curve, the curve is capped, recent activations are
 * capped; the training feed turns progress into points, device time only for live.
 */
import { LiveHub, MAX_CURVE_POINTS } from '../../host/server/dashboard/live-hub';
import type { LiveMessage, NeuronLive } from '../../host/server/dashboard/live-state';
import { RECENT_ACTIVATIONS } from '../../host/server/dashboard/live-state';
import { TrainingFeed } from '../../host/server/dashboard/training-feed';
import type { Progress } from '../../host/trainer/trainer';

function neuron(id: string): NeuronLive {
  return {
    id,
    board: 'b0',
    channel: 0,
    calibrated: false,
    deltaI99Ua: null,
    switchingRatio: null,
    widthUs: null,
    sigmoid: null,
    recent: [],
    pulses: null,
    stressRatio: null,
    guardRatio: null,
  };
}

function progress(trained: number, extra: Partial<Progress> = {}): Progress {
  return { trained, total: 1000, rate: trained / 2000, loss: 0.5 - trained / 10000, examplesPerS: 100, phase: 'train', deviceTimeS: trained * 2, checkpointAt: null, ...extra };
}

describe('LiveHub', () => {
  test('a subscriber gets the state first, then numbered events; the snapshot is a copy', () => {
    const hub = new LiveHub('serve');
    hub.publish({ type: 'neuron', neuron: neuron('b0:0') });
    const got: LiveMessage[] = [];
    const off = hub.subscribe((m) => got.push(m));
    hub.publish({ type: 'activation', neuron: 'b0:0', x: 1, y: 0.7, pulses: 3 });
    off();
    hub.publish({ type: 'activation', neuron: 'b0:0', x: 2, y: 0.9, pulses: 4 });
    expect(got.map((m) => [m.type, m.seq])).toEqual([
      ['snapshot', 1],
      ['activation', 2],
    ]);
    const snap = got[0];
    if (snap.type !== 'snapshot') throw new Error('first message is not a snapshot');
    expect(snap.state.neurons[0].recent).toEqual([]);
    expect(hub.neuron('b0:0')?.recent).toEqual([
      { x: 1, y: 0.7 },
      { x: 2, y: 0.9 },
    ]);
    expect(hub.neuron('b0:0')?.pulses).toBe(4);
    expect(hub.subscriberCount).toBe(0);
  });

  test('recent activations and the curve are capped; a new run starts an empty curve', () => {
    const hub = new LiveHub('demo');
    hub.publish({ type: 'neuron', neuron: neuron('b0:1') });
    for (let i = 0; i < RECENT_ACTIVATIONS + 5; i++) hub.publish({ type: 'activation', neuron: 'b0:1', x: i, y: 0, pulses: null });
    expect(hub.neuron('b0:1')?.recent.map((a) => a.x)).toEqual(Array.from({ length: RECENT_ACTIVATIONS }, (_, i) => i + 5));
    const feed = new TrainingFeed(hub, { activation: 'ideal' });
    for (let i = 1; i <= MAX_CURVE_POINTS + 10; i++) feed.progress(progress(i));
    expect(hub.curve.length).toBe(MAX_CURVE_POINTS);
    expect(hub.curve[0].examples).toBe(11);
    hub.publish({ type: 'run', activation: 'live' });
    expect(hub.curve.length).toBe(0);
    expect(hub.training).toBeNull();
  });
});

describe('TrainingFeed', () => {
  test('one point per new train report; test-phase reports add none; the end sets the test rate', () => {
    const hub = new LiveHub('train');
    const feed = new TrainingFeed(hub, { activation: 'live', checkpointFile: 'run.json' });
    feed.progress(progress(50));
    feed.progress(progress(50));
    feed.progress(progress(100, { checkpointAt: 100 }));
    feed.progress(progress(40, { phase: 'test', loss: NaN, total: 200 }));
    expect(hub.curve.map((p) => p.examples)).toEqual([50, 100]);
    const t = hub.training;
    expect(t?.phase).toBe('test');
    expect(t?.loss).toBeNull();
    expect(t?.checkpoint).toEqual({ file: 'run.json', atExample: null });
    feed.finished(0.875);
    expect(hub.training?.phase).toBe('done');
    expect(hub.training?.testAcc).toBe(0.875);
  });

  test('device time and device time left for live; none for ideal and analog; wall time left at the current speed', () => {
    const live = new LiveHub('train');
    new TrainingFeed(live, { activation: 'live' }).progress(progress(100, { checkpointAt: 100 }));
    expect(live.training?.deviceTimeS).toBe(200);
    expect(live.training?.deviceTimeLeftS).toBe(1800);
    expect(live.training?.timeLeftS).toBe(9);
    for (const activation of ['ideal', 'analog']) {
      const hub = new LiveHub('train');
      new TrainingFeed(hub, { activation }).progress(progress(100));
      expect([activation, hub.training?.deviceTimeS, hub.training?.deviceTimeLeftS]).toEqual([activation, null, null]);
    }
  });
});
