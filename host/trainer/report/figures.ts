/** The report's figures as chart specs (rendered to SVG, and from the SVG to PNG, by write.ts). */
import type { ChartOptions } from '../../plot/svg-chart';
import type { ReportMaterial, RunSummary, XySeries } from './material';

export interface Figure {
  name: string;
  caption: string;
  chart: ChartOptions;
}

const COLORS: { [k: string]: string } = { ideal: '#000000', analog: '#0072B2', live: '#D55E00' };

function curveFigures(runs: RunSummary[], prefix: string, what: string): Figure[] {
  if (runs.length === 0) return [];
  const color = (r: RunSummary, k: number): string | undefined => (runs.length <= 3 ? COLORS[r.label] : undefined) ?? ['#000000', '#D55E00', '#009E73', '#0072B2'][k % 4];
  return [
    {
      name: `${prefix}-rate`,
      caption: `Running recognition rate N_R/N_T against examples trained (${what}).`,
      chart: {
        title: `Recognition rate during training (${what})`,
        xLabel: 'examples trained',
        yLabel: 'N_R / N_T (%)',
        legend: 'bottom-right', // a rising rate leaves the bottom-right corner empty
        series: runs.map((r, k) => ({ label: r.label, x: r.curve.examples, y: r.curve.rate.map((v) => 100 * v), color: color(r, k) })),
      },
    },
    {
      name: `${prefix}-loss`,
      caption: `Running loss L = 1/(2N_T) Σ(ŷ−y)² against examples trained (${what}).`,
      chart: {
        title: `Loss during training (${what})`,
        xLabel: 'examples trained',
        yLabel: 'loss',
        series: runs.map((r, k) => ({ label: r.label, x: r.curve.examples, y: r.curve.loss, color: color(r, k) })),
      },
    },
  ];
}

/** R_H against pulse current: the switching-loop figures share axes and differ in what they show. */
function loopFigure(name: string, caption: string, title: string, loops: readonly XySeries[], dashed: (k: number) => boolean = () => false): Figure {
  return {
    name,
    caption,
    chart: {
      title,
      xLabel: 'pulse current (mA)',
      yLabel: 'R_H (Ω)',
      // The middle of a loop is empty; the corners hold its saturated branches.
      legend: 'center',
      series: loops.map((s, k) => ({ label: s.label, x: s.x, y: s.y, ...(dashed(k) ? { dashed: true } : {}) })),
    },
  };
}

export function buildFigures(m: ReportMaterial): Figure[] {
  const figs: Figure[] = [];
  const b = m.board;
  if (b && b.majorLoops.length > 0) {
    figs.push(
      loopFigure(
        'switching-loops',
        'Field-free switching loops R_H against pulse current at several pulse widths (paper Fig. 1f).',
        'Switching loops at different pulse widths',
        b.majorLoops,
      ),
    );
  }
  if (b && b.minorLoops.length > 0) {
    figs.push(
      loopFigure(
        'minor-loops',
        'Minor loops with different maximum currents: all return to the same state at large negative current (paper Fig. 1e).',
        'Minor switching loops (5 µs)',
        b.minorLoops,
      ),
    );
  }
  if (b && b.deltaI.length > 0) {
    figs.push({
      name: 'delta-i-vs-width',
      caption: 'ΔI (smallest current range holding ≥ 99 % of the change) against pulse width (paper Fig. 1g).',
      chart: {
        title: 'ΔI₉₉ against pulse width',
        xLabel: 'pulse width (µs)',
        yLabel: 'ΔI₉₉ (mA)',
        series: b.deltaI.map((s) => ({ label: s.label, x: s.x, y: s.y, markers: true })),
      },
    });
  }
  if (b && b.sigmoids.length > 0) {
    figs.push({
      name: 'sigmoids',
      caption: 'Ideal, analog and live sigmoid functions; live measured on one device before and after training (paper Fig. 3d).',
      chart: {
        title: 'Sigmoid functions',
        xLabel: 'X',
        yLabel: 'Y',
        yRange: [-0.1, 1.1],
        legend: 'top-left', // a rising sigmoid leaves the top-left corner empty
        series: b.sigmoids.map((s, k) => ({ label: s.label, x: s.x, y: s.y, dashed: k === 0, markers: s.label.startsWith('live') })),
      },
    });
  }
  figs.push(...curveFigures(m.runs, 'training', '60 000-example run, paper Fig. 5a,b'));
  if (m.overload) {
    figs.push(...curveFigures(m.overload.runs, 'overload', 'overloaded neuron, paper Fig. 5c,d'));
    if (m.overload.loops.length > 0) {
      figs.push(
        loopFigure(
          'overload-loops',
          'Switching loop of the overloaded device before and after training (paper Fig. 5d inset).',
          'Overloaded device: loop before and after',
          m.overload.loops,
          (k) => k % 2 === 0,
        ),
      );
    }
  }
  return figs;
}
