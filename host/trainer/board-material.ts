/**
 * Measurements for the report, made on the board after training: switching loops at several
 * pulse widths (Fig. 1f), ΔI₉₉ against width (Fig. 1g), minor loops (Fig. 1e) and the live
 * sigmoid of a device (Fig. 3d). A measurement that fails becomes a note, not a crash.
 */
import type { Board } from '../client/board';
import { buildCalibration } from '../calibration/build';
import { formatDeviceTime, sweepLoop } from '../calibration/loop-sweep';
import { analogSigmoid, logistic } from '../calibration/sigmoid';
import type { Calibration } from '../calibration/types';
import { currentsAcross, mokeSequenceSvg, twinBehind } from '../twin/moke';
import type { BoardMaterial, XySeries } from './report/material';

/** Longest first, while the channel's stress budget is fullest. */
export const LOOP_WIDTHS_US = [300, 200, 100, 50, 20, 10, 5];
/** Loops drawn in the switching-loop figure (a subset of LOOP_WIDTHS_US). */
const DRAWN_WIDTHS_US = [5, 20, 100, 300];
/** Points per minor loop (and the overload experiment's loops): 0.5 mA steps. */
export const LOOP_STEPS = 240;
/**
 * Points per major loop (Figs. 1f, 1g): `nucleon sweep`'s default, so the report's ΔI₉₉ bars are
 * what `sweep` gives. Loops beyond the thermal budget in one request (400 points at ≥ 200 µs:
 * a ±30 mA loop at 300 µs needs 11.4 mJ of a 7.2 mJ budget) are paced by sweepLoop.
 */
export const MAJOR_LOOP_STEPS = 400;

function grid(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

export function idealCurve(cal: Pick<Calibration, 'xMin' | 'xMax'>): XySeries {
  const x = grid(cal.xMin - 1.5, cal.xMax + 1.5, 121);
  return { label: 'ideal', x, y: x.map(logistic) };
}

export function analogCurve(cal: Calibration): XySeries {
  const f = analogSigmoid(cal);
  const x = grid(cal.xMin - 1.5, cal.xMax + 1.5, 121);
  return { label: `analog (channel ${cal.channel})`, x, y: x.map(f) };
}

/** y measured by the board's standalone activate at 41 x values, rising (SET pulses). */
export async function measureSigmoid(board: Board, cal: Calibration, label: string): Promise<XySeries> {
  const x = grid(cal.xMin - 1, cal.xMax + 1, 41);
  const y: number[] = [];
  for (const xi of x) y.push((await board.activate(cal.channel, xi)).y);
  return { label: `${label} (channel ${cal.channel})`, x, y };
}

function loopSeries(points: { currentUa: number; rHallOhm: number }[], label: string): XySeries {
  return { label, x: points.map((p) => p.currentUa / 1000), y: points.map((p) => p.rHallOhm) };
}

export async function collectBoardMaterial(
  board: Board,
  spec: string,
  calibrations: Calibration[],
  sigmoids: XySeries[],
  log: (line: string) => void,
): Promise<BoardMaterial> {
  const channel = calibrations[0]?.channel ?? board.info.populated[0] ?? 0;
  const maxUa = board.info.limits.maxCurrentUa;
  const material: BoardMaterial = { boardSpec: spec, majorLoops: [], minorLoops: [], deltaI: [], sigmoids, calibrations, notes: [] };
  const note = (line: string): void => {
    material.notes.push(line);
    log(`report: ${line}`);
  };
  // Long-pulse loops cost most of a channel's stress budget (PHYSICS §4): let the firmware's
  // guard wait for the channel to cool (up to an hour of device time) instead of refusing.
  try {
    await board.configSet({ guardMode: 'delay', maxGuardDelayMs: 3600000 });
  } catch (err) {
    note(`could not raise maxGuardDelayMs: ${(err as Error).message}`);
  }
  const widths: number[] = [];
  const deltas: number[] = [];
  for (const widthUs of LOOP_WIDTHS_US) {
    try {
      const sweep = await sweepLoop(board, { channel, widthUs, startUa: -maxUa, peakUa: maxUa, steps: MAJOR_LOOP_STEPS });
      if (sweep.paced) log(`report: the ${widthUs} µs loop was paced by the host for the thermal guard: ${formatDeviceTime(sweep.deviceTimeMs)} of device time`);
      const pts = sweep.points.map((p) => ({ currentUa: p.currentUa, rHallOhm: p.rHallOhm }));
      if (DRAWN_WIDTHS_US.includes(widthUs)) material.majorLoops.push(loopSeries(pts, `${widthUs} µs`));
      const cal = buildCalibration(pts, { channel, widthUs, maxCurrentUa: maxUa });
      widths.push(widthUs);
      deltas.push(cal.deltaI99Ua / 1000);
    } catch (err) {
      note(`loop at ${widthUs} µs on channel ${channel} failed, so it is missing from the loop and ΔI figures: ${(err as Error).message}`);
    }
  }
  const order = widths.map((_, i) => i).sort((a, b) => widths[a] - widths[b]);
  if (widths.length > 0) material.deltaI.push({ label: `channel ${channel}`, x: order.map((i) => widths[i]), y: order.map((i) => deltas[i]) });
  material.majorLoops.sort((a, b) => parseFloat(a.label) - parseFloat(b.label));
  const cal = calibrations[0];
  if (cal) {
    // Minor loops (5 µs): from the RESET state up to different maximum currents and back.
    const peaks = [0.25, 0.5, 0.75, 1].map((f) => Math.round(cal.iLowUa + f * (cal.iHighUa - cal.iLowUa)));
    for (const peakUa of peaks) {
      try {
        const sweep = await board.sweep({ channel, widthUs: 5, startUa: -maxUa, peakUa, steps: LOOP_STEPS });
        material.minorLoops.push(loopSeries(sweep.points, `max ${(peakUa / 1000).toFixed(1)} mA`));
      } catch (err) {
        note(`minor loop to ${peakUa} µA failed, so it is missing from the minor-loop figure: ${(err as Error).message}`);
      }
    }
  }
  if (cal && twinBehind(board)) {
    try {
      material.mokeSvg = await mokeSequenceSvg(board, { channel, widthUs: cal.widthUs, currentsUa: currentsAcross(cal.iLowUa, cal.iHighUa, 6) });
    } catch (err) {
      note(`MOKE sequence on channel ${channel} failed: ${(err as Error).message}`);
    }
  }
  return material;
}
