/**
 * Where across the width a device has switched: the central third of the bar against the two
 * outer sixths (paper Fig. 2b–e: switching starts at the centre, where the current density is
 * higher). Counts accumulate into `into`, so several devices can be pooled.
 */
export interface BandCounts {
  centreSwitched: number;
  centreTotal: number;
  edgeSwitched: number;
  edgeTotal: number;
}

export function emptyBandCounts(): BandCounts {
  return { centreSwitched: 0, centreTotal: 0, edgeSwitched: 0, edgeTotal: 0 };
}

/** Adds the grains switched to −M_z (state < 0) per band of one device's grain map. */
export function countSwitchedByBand(grains: { yUm: Float32Array; state: Int8Array; widthUm: number }, into: BandCounts): BandCounts {
  for (let i = 0; i < grains.state.length; i++) {
    const u = Math.abs(grains.yUm[i] / grains.widthUm - 0.5); // 0 on the centre line, 0.5 at an edge
    const switched = grains.state[i] < 0 ? 1 : 0;
    if (u < 1 / 6) {
      into.centreTotal++;
      into.centreSwitched += switched;
    } else if (u > 1 / 3) {
      into.edgeTotal++;
      into.edgeSwitched += switched;
    }
  }
  return into;
}
