/**
 * The scripted double's configuration for a board definition: its pins, and a device on every
 * populated channel (loop from lowCounts to highCounts; thresholds in DAC codes). One config
 * for both sides of the conformance test.
 */
import type { FirmwareBoard } from '../../firmware/board';
import type { DoubleConfig } from './interpreter';

export function doubleConfigFor(board: FirmwareBoard, opts: { log: boolean; sampleMemory: boolean }): DoubleConfig {
  const devices: DoubleConfig['devices'] = [];
  for (let ch = 0; ch < board.channels; ch++) {
    // devices differ a little from channel to channel; all integers
    devices.push(board.populated.includes(ch) ? [1900 - 8 * ch, 2120 + 8 * ch, 1300 + 20 * ch, 40] : null);
  }
  const p = board.pins;
  return {
    pins: { select: p.select.slice(), enable: p.enable, polarity: p.polarity, gate: p.gate, adc: p.adc, dacCs: p.dacCs, dacSpi: p.dacSpi },
    adcBits: board.adc.bits,
    vacantCounts: 4095,
    devices,
    log: opts.log,
    sampleMemory: opts.sampleMemory,
  };
}
