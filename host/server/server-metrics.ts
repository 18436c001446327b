/**
 * The metrics `GET /metrics` exposes. Request counters and latencies are recorded as requests
 * finish; board gauges (link, queue depth, pulses, thermal state) are set at scrape time from
 * the pool, so they are never stale by more than one scrape.
 */
import type { BoardPool } from './pool';
import { Registry } from './metrics';
import { thermalCode, thermalView } from './thermal';

/** Seconds: 0.5 ms … 60 s (a guarded activation may wait seconds of device time). */
export const LATENCY_BUCKETS_S = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export class ServerMetrics {
  readonly registry = new Registry();
  readonly requests = this.registry.counter('nucleon_http_requests_total', 'HTTP requests by route, method and status code.');
  readonly latency = this.registry.histogram('nucleon_http_request_duration_seconds', 'HTTP request latency by route.', LATENCY_BUCKETS_S);
  readonly wsMessages = this.registry.counter('nucleon_ws_messages_total', 'WebSocket messages by op and outcome status.');
  readonly wsLatency = this.registry.histogram('nucleon_ws_message_duration_seconds', 'WebSocket message latency by op.', LATENCY_BUCKETS_S);
  readonly activations = this.registry.counter('nucleon_neuron_activations_total', 'Activations the board answered, per neuron.');
  readonly neuronPulses = this.registry.counter(
    'nucleon_neuron_pulses_total',
    'SET/RESET pulses per neuron, from the firmware pulse counter read after each job.',
  );
  readonly unattributedPulses = this.registry.counter(
    'nucleon_board_unattributed_pulses_total',
    'Pulses of multi-channel batches that the firmware does not split per channel.',
  );
  private readonly boardUp = this.registry.gauge('nucleon_board_up', '1 while the link to the board is up.');
  private readonly boardLosses = this.registry.gauge('nucleon_board_link_losses_total', 'Links lost since the server started.');
  private readonly queueDepth = this.registry.gauge('nucleon_queue_depth', 'Requests waiting or running per board.');
  private readonly queueRejected = this.registry.gauge('nucleon_queue_rejected_total', 'Requests turned away because the queue was full.');
  private readonly boardPulses = this.registry.gauge('nucleon_board_pulses_total', 'Gate pulses since boot, as the firmware counts them (last read).');
  private readonly calibrated = this.registry.gauge('nucleon_neuron_calibrated', '1 when the board holds a calibration for the neuron.');
  private readonly stress = this.registry.gauge('nucleon_neuron_stress_ratio', 'Slow thermal stress S/S_max per neuron (last read).');
  private readonly thermal = this.registry.gauge('nucleon_neuron_thermal_state', 'Thermal state per neuron: 0 cool, 1 warm, 2 guarded, -1 unknown.');

  render(pool: BoardPool): string {
    for (const slot of pool.slots) {
      const b = { board: slot.id };
      this.boardUp.set(b, slot.state === 'up' ? 1 : 0);
      this.boardLosses.set(b, slot.losses);
      this.queueDepth.set(b, slot.queue.depth);
      this.queueRejected.set(b, slot.queue.rejected);
      const status = slot.ledger.last;
      if (status && Number.isFinite(status.pulses)) this.boardPulses.set(b, status.pulses);
      const guard = slot.info?.limits.guardPermille ?? 800;
      for (const ch of slot.populated) {
        const n = { neuron: `${slot.id}:${ch}` };
        this.calibrated.set(n, slot.cals.has(ch) ? 1 : 0);
        const t = thermalView(status?.stressPermille[ch], guard);
        if (t.stressRatio !== null) this.stress.set(n, t.stressRatio);
        this.thermal.set(n, thermalCode(t.state));
      }
    }
    return this.registry.render();
  }
}
