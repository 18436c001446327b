import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createTwin, type BoardTwin } from '../../board/twin';
import { enable, meanCounts, pulseUs, readCounts, selectChannel, setCurrentUa } from './twin-helpers';

const twins: BoardTwin[] = [];
function make(spec: string, opts: { scheduler?: 'virtual' | 'real' } = {}): BoardTwin {
  const twin = createTwin(spec, { idle: 'frozen', ...opts });
  twins.push(twin);
  return twin;
}
afterEach(() => {
  while (twins.length > 0) twins.pop()?.dispose();
});
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-twin-'));

/** A fixed script of pins: loop over three channels, pulses of both signs, reads. */
function script(twin: BoardTwin): number[] {
  const out: number[] = [];
  enable(twin, true);
  for (const ch of [0, 5, 9]) {
    selectChannel(twin, ch);
    for (const ua of [-30000, 15000, 19000, 22000, -12000]) {
      setCurrentUa(twin, ua);
      pulseUs(twin, 5);
      twin.scheduler.advance(60);
      out.push(readCounts(twin));
    }
  }
  return out;
}

describe('faults through the twin', () => {
  it('open-channel:N: that channel reads like a vacant one and pulses reach nothing', () => {
    const twin = make('sim:seed=4,fault=open-channel:5');
    enable(twin, true);
    selectChannel(twin, 5);
    setCurrentUa(twin, -30000);
    pulseUs(twin, 5);
    expect(twin.counters.pulses).toBe(0);
    expect(twin.counters.gatePulsesWithoutPath).toBe(1);
    twin.scheduler.advance(200);
    const open = meanCounts(twin, 40, 50);
    selectChannel(twin, 13);
    twin.scheduler.advance(200);
    const vacant = meanCounts(twin, 40, 50);
    expect(Math.abs(open - vacant)).toBeLessThan(2);
  });

  it('stuck-select:BIT: the line reads low and channel 1 lands on channel 0', () => {
    const twin = make('sim:seed=4,fault=stuck-select:0');
    enable(twin, true);
    selectChannel(twin, 1);
    expect(twin.hardware.digitalRead('B3')).toBe(0); // S0
    expect(twin.hardware.selector.channel).toBe(0);
    setCurrentUa(twin, -30000);
    pulseUs(twin, 5);
    expect(twin.counters.pulsesPerChannel[0]).toBe(1);
    expect(twin.counters.pulsesPerChannel[1]).toBe(0);
  });

  it('lockin-off: the ADC sits at the 0 V level whatever the device does', () => {
    const twin = make('sim:seed=4,fault=lockin-off,adcNoiseRmsCounts=0');
    enable(twin, true);
    selectChannel(twin, 2);
    const zeroV = Math.round((twin.chainParams.adcOffsetV / twin.chainParams.adcReferenceV) * 4095);
    setCurrentUa(twin, -30000);
    pulseUs(twin, 5);
    twin.scheduler.advance(200);
    const a = readCounts(twin);
    setCurrentUa(twin, 30000);
    pulseUs(twin, 5);
    twin.scheduler.advance(200);
    expect([a, readCounts(twin)]).toEqual([zeroV, zeroV]);
  });

  it('dead-dac: the gate fires but no current flows, the device does not switch', () => {
    const twin = make('sim:seed=4,fault=dead-dac');
    enable(twin, true);
    selectChannel(twin, 2);
    setCurrentUa(twin, -30000);
    pulseUs(twin, 5);
    expect(twin.counters.pulses).toBe(1);
    expect(twin.device(2)?.magnetization()).toBeGreaterThan(0.9);
    expect(twin.device(2)?.pulseCount()).toBe(0);
  });

  it('link faults come from the spec, seeded: the same spec loses the same bytes', async () => {
    const receive = async (spec: string): Promise<number[]> => {
      const twin = make(spec);
      const got: number[] = [];
      twin.link.onBoardData((c) => got.push(...c));
      twin.link.hostWrite(Uint8Array.from({ length: 5000 }, (_, i) => i & 0xff));
      await new Promise((r) => setImmediate(r));
      return got;
    };
    const a = await receive('sim:seed=9,fault=link-loss:0.05,fault=link-corrupt:0.01');
    const b = await receive('sim:seed=9,fault=link-loss:0.05,fault=link-corrupt:0.01');
    const clean = await receive('sim:seed=9');
    expect(a).toEqual(b);
    expect(clean).toHaveLength(5000);
    expect(a.length).toBeLessThan(4900);
    expect(a.length).toBeGreaterThan(4600);
  });
});

describe('determinism', () => {
  it('same seed → same numbers; another seed → different', () => {
    const a = script(make('sim:seed=11'));
    const b = script(make('sim:seed=11'));
    const c = script(make('sim:seed=12'));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});

describe('state file', () => {
  it('a missing file starts fresh and is written on save; reloading continues exactly', () => {
    const file = path.join(tmpDir, 'board.json');
    const twin = make(`sim:seed=5,state=${file}`);
    expect(twin.scheduler.nowMs()).toBe(0);
    enable(twin, true);
    selectChannel(twin, 3);
    setCurrentUa(twin, -30000);
    pulseUs(twin, 5);
    twin.scheduler.advance(100);
    setCurrentUa(twin, 18000);
    pulseUs(twin, 5);
    twin.scheduler.advance(1234);
    twin.storage.write('cal3', 'some\x00binary\xff');
    const m = twin.device(3)?.magnetization();
    const damage = twin.device(3)?.damage();
    const t = twin.scheduler.nowMs();
    twin.saveState(file);
    // the continuation in this process...
    const continued = script(twin);

    const again = make(`sim:state=${file}`);
    expect(again.seed).toBe(5);
    expect(again.scheduler.nowMs()).toBe(t);
    expect(again.device(3)?.magnetization()).toBe(m);
    expect(again.device(3)?.damage()).toBe(damage);
    expect(again.device(3)?.pulseCount()).toBe(2);
    expect(again.storage.read('cal3')).toBe('some\x00binary\xff');
    expect(again.counters.pulsesPerChannel[3]).toBe(2);
    expect(again.hardware.selector.channel).toBe(3);
    // ...and in the reloaded one give the same numbers
    expect(script(again)).toEqual(continued);
  });

  it('dispose saves to the spec state file', () => {
    const file = path.join(tmpDir, 'auto.json');
    const twin = createTwin(`sim:seed=6,state=${file}`, { idle: 'frozen' });
    twin.storage.write('x', 'y');
    twin.dispose();
    expect(fs.existsSync(file)).toBe(true);
    const again = make(`sim:state=${file}`);
    expect(again.storage.read('x')).toBe('y');
  });

  it('a corrupt state file is a clear BAD_STATE_FILE error', () => {
    const file = path.join(tmpDir, 'corrupt.json');
    fs.writeFileSync(file, '{"format":"nucleon-twin-state","version":1,');
    expect(() => createTwin(`sim:state=${file}`)).toThrow(expect.objectContaining({ code: 'BAD_STATE_FILE', message: expect.stringContaining('corrupt') }));
    fs.writeFileSync(file, JSON.stringify({ format: 'something-else' }));
    expect(() => createTwin(`sim:state=${file}`)).toThrow(/format/);
  });

  it('a state for another seed or a mangled device is refused', () => {
    const file = path.join(tmpDir, 'seeded.json');
    const twin = make(`sim:seed=8`);
    enable(twin, true);
    selectChannel(twin, 1);
    twin.saveState(file);
    expect(() => createTwin(`sim:seed=9,state=${file}`)).toThrow(/seed 8/);
    const state = JSON.parse(fs.readFileSync(file, 'utf8')) as { devices: { state: { grains: string } }[] };
    state.devices[0].state.grains = 'xyz';
    fs.writeFileSync(file, JSON.stringify(state));
    expect(() => createTwin(`sim:state=${file}`)).toThrow(expect.objectContaining({ code: 'BAD_STATE_FILE' }));
  });
});

describe('real-time scheduler option', () => {
  it('createTwin(spec, { scheduler: "real" }) runs on the wall clock', () => {
    const twin = make('sim:seed=1', { scheduler: 'real' });
    expect(twin.scheduler.virtual).toBe(false);
    expect(() => twin.scheduler.advance(1)).toThrow(expect.objectContaining({ code: 'NOT_VIRTUAL' }));
  });
});

describe('virtual time and the link', () => {
  it('the pump yields as soon as the board writes to the link, so the host sees the answer before later timers run', async () => {
    const twin = make('sim:seed=1');
    const log: string[] = [];
    twin.link.onHostData((bytes) => log.push(`host:${bytes[0]}@${twin.scheduler.nowMs()}`));
    twin.scheduler.setTimer(() => log.push('t1'), 10);
    twin.scheduler.setTimer(() => {
      log.push('t2');
      twin.link.boardWrite(Uint8Array.of(7));
    }, 20);
    twin.scheduler.setTimer(() => log.push('t3'), 30);
    twin.scheduler.setTimer(() => log.push('t4'), 40);
    while (log.length < 5) await new Promise((r) => setImmediate(r));
    // t1 and t2 run in one pump turn; the answer is delivered at t2's virtual time, before t3
    expect(log).toEqual(['t1', 't2', 'host:7@20', 't3', 't4']);
  });

  it('bytes the host writes while timers are pending reach the board before the next timer', async () => {
    const twin = make('sim:seed=1');
    const log: string[] = [];
    twin.link.onBoardData((bytes) => log.push(`board:${bytes[0]}@${twin.scheduler.nowMs()}`));
    twin.scheduler.setTimer(() => log.push('t1'), 10);
    twin.scheduler.setTimer(() => log.push('t2'), 20);
    twin.link.hostWrite(Uint8Array.of(9));
    while (log.length < 3) await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['t1', 'board:9@10', 't2']);
  });
});
