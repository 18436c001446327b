import { parseSimSpec, parseFault, allowedSpecKeys } from '../../board/twin/spec';
import { TwinError } from '../../board/twin/errors';

function errorOf(fn: () => unknown): TwinError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TwinError) return error;
    throw error;
  }
  throw new Error('expected a TwinError');
}

describe('parseSimSpec', () => {
  it('sim and sim:SEED', () => {
    expect(parseSimSpec('sim')).toMatchObject({ seed: 1, seedGiven: false, board: 'nucleon-pico-ref', model: 'default', faults: [] });
    expect(parseSimSpec('sim:42')).toMatchObject({ seed: 42, seedGiven: true });
  });

  it('the full example from the brief', () => {
    const spec = parseSimSpec('sim:seed=7,lockinTauMs=3,deltaRAheOhm=0.8,model=physical,state=/tmp/b.json,fault=open-channel:3,fault=link-loss:0.02');
    expect(spec.seed).toBe(7);
    expect(spec.chain).toEqual({ lockinTauMs: 3 });
    expect(spec.device).toEqual({ deltaRAheOhm: 0.8 });
    expect(spec.model).toBe('physical');
    expect(spec.statePath).toBe('/tmp/b.json');
    expect(spec.faults).toEqual([
      { kind: 'open-channel', channel: 3 },
      { kind: 'link-loss', probability: 0.02 },
    ]);
  });

  it('every chain and device parameter is a key, each with a unit suffix or a documented unit', () => {
    const keys = allowedSpecKeys();
    for (const k of ['lockinTauMs', 'lockinOrder', 'adcNoiseRmsCounts', 'dacComplianceV', 'muxOnResistanceOhm', 'deltaRAheOhm', 'i50At5UsMa', 'kTh']) {
      expect(keys).toContain(k);
    }
  });

  it('an unknown key is an error naming it and listing what is allowed', () => {
    const e = errorOf(() => parseSimSpec('sim:seed=1,lockinTau=3'));
    expect(e.code).toBe('UNKNOWN_KEY');
    expect(e.message).toContain('"lockinTau"');
    expect(e.message).toContain('lockinTauMs');
    expect(e.message).toContain('deltaRAheOhm');
  });

  it('bad numbers name the key', () => {
    for (const [text, key] of [
      ['sim:lockinTauMs=abc', 'lockinTauMs'],
      ['sim:lockinTauMs=0', 'lockinTauMs'],
      ['sim:lockinOrder=2.5', 'lockinOrder'],
      ['sim:lockinOrder=9', 'lockinOrder'],
      ['sim:seed=-1', 'seed'],
      ['sim:seed=1.5', 'seed'],
      ['sim:deltaRAheOhm=', 'deltaRAheOhm'],
      ['sim:deltaRAheOhm=-1', 'deltaRAheOhm'],
      ['sim:grainCount=3', 'grainCount'],
      ['sim:model=fancy', 'model'],
    ] as const) {
      const e = errorOf(() => parseSimSpec(text));
      expect(e.code).toBe('BAD_VALUE');
      expect(e.message).toContain(key);
    }
  });

  it('malformed specs are BAD_SPEC errors', () => {
    for (const text of ['simx', 'sim:', 'sim:seed=1,,x=2', 'sim:1,2', 'sim:seed=1,seed=2', 'serial:/dev/tty']) {
      expect(errorOf(() => parseSimSpec(text)).code).toBe('BAD_SPEC');
    }
  });
});

describe('faults', () => {
  it('parses every fault form', () => {
    expect(parseFault('open-channel:9')).toEqual({ kind: 'open-channel', channel: 9 });
    expect(parseFault('stuck-select:2')).toEqual({ kind: 'stuck-select', bit: 2 });
    expect(parseFault('lockin-off')).toEqual({ kind: 'lockin-off' });
    expect(parseFault('dead-dac')).toEqual({ kind: 'dead-dac' });
    expect(parseFault('link-corrupt:0.001')).toEqual({ kind: 'link-corrupt', probability: 0.001 });
  });

  it('unknown faults list the allowed ones; bad arguments name the fault', () => {
    const e = errorOf(() => parseSimSpec('sim:fault=melt'));
    expect(e.code).toBe('UNKNOWN_FAULT');
    for (const kind of ['open-channel:N', 'stuck-select:BIT', 'lockin-off', 'dead-dac', 'link-loss:P', 'link-corrupt:P']) expect(e.message).toContain(kind);
    for (const text of ['open-channel:16', 'open-channel', 'stuck-select:4', 'link-loss:1.5', 'link-loss:x', 'dead-dac:1']) {
      const bad = errorOf(() => parseFault(text));
      expect(bad.code).toBe('BAD_VALUE');
      expect(bad.message).toContain(text);
    }
  });
});
