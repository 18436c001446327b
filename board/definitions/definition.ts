/**
 * A board definition: everything the firmware and the twin need to know about one board's
 * wiring and electrical limits. Stored as JSON in board/definitions/, checked against
 * board/definitions/board.schema.json, which is generated from this type
 * (`npx ts-node board/definitions/gen-schema.ts`; a test fails when the committed schema is stale).
 */
export interface BoardDefinition {
  /** Stable id reported in `hello`, e.g. "nucleon-pico-ref". */
  id: string;
  /** Human description. */
  description: string;
  /** Espruino board family the firmware targets. */
  mcu: 'espruino-pico' | 'espruino-original';
  /** Channel count of the selector (1..16) and which channels carry a device. */
  channels: number;
  populated: number[];
  pins: {
    /** Select bus, most significant first: [S3, S2, S1, S0] as in digitalWrite([S3,S2,S1,S0], ch). */
    select: [string, string, string, string];
    /** High = selector connected; low = all channels disconnected (during switching). */
    enable: string;
    /** Current-source polarity: high = negative current. */
    polarity: string;
    /** Gate of the current source: a digitalPulse(gate, 1, widthMs) makes the pulse. */
    gate: string;
    /** Lock-in aux output into the MCU ADC. */
    adc: string;
    /** DAC on SPI. */
    dacSpi: string;
    dacSck: string;
    dacMosi: string;
    dacCs: string;
    /** Host link. */
    link: 'USB' | 'Serial1' | 'Serial2';
  };
  dac: {
    /** e.g. "MCP4822" (16-bit command word, 12-bit data, channel A, gain 2x). */
    part: string;
    bits: number;
    /** Current at full-scale code into the Howland pump. */
    fullScaleUa: number;
    /** Howland pump compliance voltage. */
    complianceV: number;
    riseTimeNs: number;
  };
  adc: {
    bits: number;
    referenceV: number;
    /** Lock-in aux output (±10 V) to ADC: V_adc = offsetV + gain * V_aux. */
    auxToAdcGain: number;
    auxToAdcOffsetV: number;
    noiseRmsCounts: number;
  };
  lockin: {
    frequencyHz: number;
    excitationUaRms: number;
    timeConstantMs: number;
    filterOrder: number;
    /** Aux output: V = (X + preoffsetV) * scale + offsetV, X in volts of demodulated signal. */
    auxScale: number;
    auxPreoffsetV: number;
    auxOffsetV: number;
    /** Settle fraction the firmware waits for by default (e.g. 0.999). */
    settleFraction: number;
  };
  limits: {
    maxCurrentUa: number;
    minWidthUs: number;
    maxWidthUs: number;
    /** Thermal guard: stress budget per channel and its relaxation (PHYSICS §4). */
    stressMaxMj: number;
    stressTauS: number;
    /** Refuse a pulse when S + E > guardFraction * stressMaxMj. */
    guardFraction: number;
    /** Minimum gap after a pulse, per µs of pulse width (fast thermal network). */
    minGapMsAt5Us: number;
    minGapMsAt300Us: number;
    /** Channel resistance used for the firmware's pulse-energy estimate. */
    channelResistanceOhm: number;
    heartbeatTimeoutMs: number;
    watchdogS: number;
  };
  /** Selector/MUX timing. */
  selector: {
    onResistanceOhm: number;
    /** Settle time after a channel change before gating current. */
    switchSettleUs: number;
  };
  storage: {
    /** Flash bytes available to Storage. */
    bytes: number;
  };
  /**
   * The devices' field-induced full change of the anomalous Hall resistance, ΔR_AHE,H (Ω): the
   * denominator of the paper's switching ratio ΔR_AHE,I / ΔR_AHE,H. The board cannot apply a
   * magnetic field, so this is a per-chip characterisation value, measured once in a magnet
   * (an out-of-plane field sweep of each Hall bar, R_H at saturation up minus down). A number
   * is the chip's nominal for every channel; an array gives one value per channel (null where
   * not measured). Absent: the switching ratio is unknown and calibration reports it as null.
   * The reference board carries the twin's nominal, 0.5 Ω (its devices scatter ±10 %, 1σ).
   */
  fieldDeltaROhm?: number | (number | null)[];
}
