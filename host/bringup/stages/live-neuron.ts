/**
 * Stage 7, live neuron: the calibrated devices as standalone neurons. For x from −6 to 6, one
 * activateMany frame evaluates every calibrated channel; each channel's y(x) must rise
 * (Spearman ρ ≥ 0.8, a device is stochastic so strict monotonicity is not asked) and span at
 * least half of [0, 1].
 */
import { logistic } from '../../calibration/sigmoid';
import type { Series } from '../../plot/svg-chart';
import type { BringupContext } from '../context';
import { fmt, spearman } from '../stats';
import type { StageOutcome } from '../types';

export const LIVE_XS = [-6, -4, -3, -2, -1, -0.5, 0, 0.5, 1, 2, 3, 4, 6];
export const MIN_RHO = 0.8;
export const MIN_SPAN = 0.5;

export async function liveNeuronStage(ctx: BringupContext): Promise<StageOutcome> {
  const { board } = ctx;
  const channels = [...ctx.found.calibrations.keys()];
  if (channels.length === 0) return { passed: false, figure: 'no calibrated device', message: 'no device passed the calibration stage' };
  const ys: number[][] = channels.map(() => []);
  let deviceTimeMs = 0;
  const t0 = performance.now();
  for (const x of LIVE_XS) {
    const r = await board.activateMany(channels.map(() => x), channels);
    r.ys.forEach((y, i) => ys[i].push(y));
    deviceTimeMs += r.deviceTimeMs;
  }
  const wallMs = performance.now() - t0;
  await board.safe();
  const problems: string[] = [];
  const rhos: number[] = [];
  const series: Series[] = [{ label: 'logistic', x: LIVE_XS, y: LIVE_XS.map(logistic), dashed: true, color: '#000000' }];
  let worstDev = 0;
  channels.forEach((ch, i) => {
    const rho = spearman(LIVE_XS, ys[i]);
    const span = Math.max(...ys[i]) - Math.min(...ys[i]);
    rhos.push(rho);
    series.push({ label: `ch${ch}`, x: LIVE_XS, y: ys[i], markers: true });
    for (let k = 0; k < LIVE_XS.length; k++) worstDev = Math.max(worstDev, Math.abs(ys[i][k] - logistic(LIVE_XS[k])));
    if (!(rho >= MIN_RHO) || !(span >= MIN_SPAN)) {
      problems.push(`channel ${ch}: activate(x) is not a rising sigmoid (ρ ${fmt(rho)}, span ${fmt(span)}): re-calibrate it; if it persists the device drifts (check its damage: nucleon status)`);
    }
  });
  const figure =
    `${channels.length - problems.length}/${channels.length} neurons rise (ρ ≥ ${fmt(Math.min(...rhos))}); max |y − logistic| ${fmt(worstDev)}; ` +
    `${LIVE_XS.length * channels.length} evaluations in ${fmt(wallMs)} ms wall, ${fmt(deviceTimeMs / 1000)} s device time`;
  const values = { channels, rho: rhos, maxDeviationFromLogistic: worstDev, deviceTimeMs, wallMs };
  const charts = [{ title: 'Live neurons: activate(x) on the board', xLabel: 'x', yLabel: 'y', series }];
  if (problems.length > 0) return { passed: false, figure, values, charts, message: problems.join('; ') };
  return { passed: true, figure, values, charts, message: 'every calibrated device works as a live sigmoid neuron' };
}
