/**
 * A run's board figures (pulses, device time, evaluations): what a resumed run's checkpoint
 * carried plus what this process's activation has counted since the run started.
 */
import type { DeviceStats, HiddenActivation } from './activation';

export class DeviceCounters {
  private readonly atStart: DeviceStats;

  constructor(
    private readonly activation: HiddenActivation,
    private readonly base: DeviceStats = { pulses: 0, deviceTimeS: 0, evaluations: 0 },
  ) {
    this.atStart = activation.stats();
  }

  now(): DeviceStats {
    const s = this.activation.stats();
    return {
      pulses: this.base.pulses + s.pulses - this.atStart.pulses,
      // to the µs: the board reports whole ms per frame, and a resumed run adds its part to the
      // checkpoint's in another order than an unbroken run sums it (1e-12 s apart otherwise)
      deviceTimeS: Math.round((this.base.deviceTimeS + s.deviceTimeS - this.atStart.deviceTimeS) * 1e6) / 1e6,
      evaluations: this.base.evaluations + s.evaluations - this.atStart.evaluations,
    };
  }
}
