/**
 * Differential conformance: one request script (conformance-script.ts) to the bundle on the
 * real Espruino interpreter (espruino-pico-16k, code in RAM) and to the bundle in the twin's
 * Espruino API surface, both on the same scripted hardware double. Frame for frame the response
 * bytes must be identical, and the hardware calls (pins, DAC words, pulse widths as float64
 * bits, ADC reads) the same, in the same order.
 */
import * as path from 'path';
import * as P from '../../protocol';
import { firmwareBoardFrom } from '../../firmware/board';
import { loadBoardDefinition, REFERENCE_BOARD_ID } from '../../board/definitions';
import { conformanceScript, type ScriptStep } from './conformance-script';
import { doubleConfigFor } from './double-config';
import { EspruinoTarget } from './interpreter';
import { messagesIn } from './requests';
import { describeOnTarget } from './tier';
import { TwinSide } from './twin-side';

/** The bundle under test: dist/firmware.js, or NUCLEON_TARGET_BUNDLE (e.g. an older build, to see a difference). */
const BUNDLE = process.env.NUCLEON_TARGET_BUNDLE ?? path.join(__dirname, '..', '..', 'dist', 'firmware.js');
const def = loadBoardDefinition(REFERENCE_BOARD_ID);
const board = firmwareBoardFrom(def);
const { d, binary } = describeOnTarget('pico16');

interface Outcome {
  out: Uint8Array;
  hw: string;
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

/** The first place two hardware logs part, with some context. */
function firstDifference(a: string, b: string): string {
  const x = a.split(';');
  const y = b.split(';');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) return `call ${i}: interpreter ${x[i]} / twin ${y[i]} (after ${x.slice(Math.max(0, i - 3), i).join(';')})`;
  }
  return 'none';
}

function checkExpectation(step: ScriptStep, out: Uint8Array): void {
  const e = step.expect;
  if (e === undefined) return;
  const msgs = messagesIn(out);
  const responses = msgs.filter((m): m is P.ResponseMessage => m.kind === 'response');
  const events = msgs.filter((m): m is P.EventMessage => m.kind === 'event');
  if (e.status !== undefined) {
    expect({ step: step.name, statuses: responses.map((r) => r.status) }).toEqual({ step: step.name, statuses: [e.status] });
  }
  if (e.anyStatus !== undefined) expect({ step: step.name, has: responses.some((r) => r.status === e.anyStatus) }).toEqual({ step: step.name, has: true });
  if (e.event !== undefined) {
    const ev = events.find((m) => m.event === e.event);
    expect({ step: step.name, event: ev?.event }).toEqual({ step: step.name, event: e.event });
    if (e.eventCode !== undefined) expect({ step: step.name, code: (ev?.data as P.CborValue[])[0] }).toEqual({ step: step.name, code: e.eventCode });
  }
}

d('conformance: the bundle on the real Espruino interpreter and in the twin surface', () => {
  const script = conformanceScript(board);
  const real: Outcome[] = [];
  const twin: Outcome[] = [];
  let target: EspruinoTarget | undefined;
  let errors: string[] = [];

  beforeAll(async () => {
    const cfg = doubleConfigFor(board, { log: true, sampleMemory: false });
    // the twin side runs the whole script synchronously (no scheduler pump between steps)
    const side = new TwinSide(BUNDLE, cfg, def.storage.bytes);
    for (const step of script) twin.push(side.step(step.bytes, step.advanceMs));
    errors = side.runtime.errors.slice();
    side.close();
    target = await EspruinoTarget.start({ binary, bundleFile: BUNDLE, load: 'ram', double: cfg });
    for (const step of script) real.push(await target.step(step.bytes, step.advanceMs));
  }, 300_000);

  afterAll(async () => {
    await target?.close();
  });

  it('the twin surface reported no program error', () => {
    expect(errors).toEqual([]);
  });

  it('answers every step as the script expects (on the real interpreter)', () => {
    for (let i = 0; i < script.length; i++) checkExpectation(script[i], real[i].out);
  });

  it('gives the same response bytes, frame for frame, on every step', () => {
    for (let i = 0; i < script.length; i++) {
      expect({ step: script[i].name, bytes: hex(twin[i].out) }).toEqual({ step: script[i].name, bytes: hex(real[i].out) });
    }
  });

  it('makes the same hardware calls in the same order with the same values', () => {
    for (let i = 0; i < script.length; i++) {
      const same = real[i].hw === twin[i].hw;
      expect({ step: script[i].name, difference: same ? 'none' : firstDifference(real[i].hw, twin[i].hw) }).toEqual({ step: script[i].name, difference: 'none' });
    }
  });

  it('fires no second pulse for a retransmission', () => {
    const i = script.findIndex((s) => s.name === 'retransmitted pulse');
    expect(i).toBeGreaterThan(0);
    expect(real[i - 1].hw).toMatch(/pB1=1/);
    expect(real[i].hw).not.toMatch(/pB1=1/);
  });

  it('pulses in the script reached the double (the script is not vacuous)', () => {
    const pulses = real.reduce((n, r) => n + (r.hw.match(/;?pB1=1:/g) ?? []).length, 0);
    expect(pulses).toBeGreaterThan(50);
  });
});
