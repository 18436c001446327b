/**
 * Where the grains sit on the bar: a jittered grid over the channel (x along the length, the
 * current direction; y across the width), the 8-neighbourhood of each grain for wall
 * propagation, and the current-density profile across the width.
 */
import type { Sfc32 } from './rng';

export interface GrainLayout {
  readonly count: number;
  readonly lengthUm: number;
  readonly widthUm: number;
  /** Grain centre (jittered inside its cell). */
  readonly xUm: Float32Array;
  readonly yUm: Float32Array;
  /** The grain's cell: [x0, x0 + cellLength] × [y0, y0 + cellWidth]. */
  readonly cellX0Um: Float32Array;
  readonly cellY0Um: Float32Array;
  readonly cellWidthUm: Float32Array;
  readonly cellLengthUm: number;
  /** Neighbours of grain i: nbrList[nbrStart[i] .. nbrStart[i + 1]). */
  readonly nbrStart: Int32Array;
  readonly nbrList: Int32Array;
}

export function layoutGrains(count: number, lengthUm: number, widthUm: number, rng: Sfc32): GrainLayout {
  const cols = Math.max(1, Math.round(Math.sqrt((count * widthUm) / lengthUm)));
  const rows = Math.ceil(count / cols);
  const cellLengthUm = lengthUm / rows;
  const xUm = new Float32Array(count);
  const yUm = new Float32Array(count);
  const cellX0Um = new Float32Array(count);
  const cellY0Um = new Float32Array(count);
  const cellWidthUm = new Float32Array(count);
  const rowOf = new Int32Array(count);
  const rowStart = new Int32Array(rows + 1);
  for (let i = 0; i < count; i++) {
    const r = Math.floor(i / cols);
    const inRow = r === rows - 1 ? count - r * cols : cols;
    const c = i - r * cols;
    const w = widthUm / inRow;
    rowOf[i] = r;
    cellX0Um[i] = r * cellLengthUm;
    cellY0Um[i] = c * w;
    cellWidthUm[i] = w;
    // Jitter within the middle 80 % of the cell.
    xUm[i] = cellX0Um[i] + cellLengthUm * (0.1 + 0.8 * rng.next());
    yUm[i] = cellY0Um[i] + w * (0.1 + 0.8 * rng.next());
  }
  for (let r = 0; r <= rows; r++) rowStart[r] = Math.min(count, r * cols);

  const lists: number[][] = [];
  const eps = 1e-6;
  for (let i = 0; i < count; i++) {
    const list: number[] = [];
    const r = rowOf[i];
    const ya = cellY0Um[i];
    const yb = ya + cellWidthUm[i];
    for (let rr = Math.max(0, r - 1); rr <= Math.min(rows - 1, r + 1); rr++) {
      for (let j = rowStart[rr]; j < rowStart[rr + 1]; j++) {
        if (j === i) continue;
        const ja = cellY0Um[j];
        const jb = ja + cellWidthUm[j];
        if (ja <= yb + eps && jb >= ya - eps) list.push(j); // touching or overlapping (8-neighbourhood)
      }
    }
    lists.push(list);
  }
  const nbrStart = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) nbrStart[i + 1] = nbrStart[i] + lists[i].length;
  const nbrList = new Int32Array(nbrStart[count]);
  for (let i = 0; i < count; i++) nbrList.set(lists[i], nbrStart[i]);
  return { count, lengthUm, widthUm, xUm, yUm, cellX0Um, cellY0Um, cellWidthUm, cellLengthUm, nbrStart, nbrList };
}

/**
 * Local current density over the mean at a position across the width: parabolic, `centreRatio`
 * times higher at the centre than at the edges, mean 1.
 */
export function currentDensityFactor(yUm: number, widthUm: number, centreRatio: number): number {
  const u = (2 * yUm) / widthUm - 1; // −1 at one edge, +1 at the other
  const j = 1 + (centreRatio - 1) * (1 - u * u);
  return j / (1 + ((centreRatio - 1) * 2) / 3);
}
