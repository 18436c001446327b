/**
 * The pin-level boundary between the Espruino API surface (board/twin/espruino/) and the
 * board models (board/twin/). The surface turns Espruino calls into these; the twin
 * implements them with the selector, DAC + current pump, devices, lock-in and ADC models.
 * Pin names are the board definition's (e.g. "B3").
 */
export interface PinLevelHardware {
  /** Drive a GPIO. Select lines, EN, POL, DAC chip-select… */
  digitalWrite(pin: string, level: 0 | 1): void;
  /** Read back a GPIO's level (an output reads what it drives, unless a fault says otherwise). */
  digitalRead(pin: string): 0 | 1;
  /**
   * `digitalPulse(pin, level, widthMs)`: on the GATE pin this fires a current pulse of the
   * DAC/polarity-set amplitude into the selected device, if EN is on.
   */
  digitalPulse(pin: string, level: 0 | 1, widthMs: number): void;
  /** Bytes clocked out on an SPI bus (`spi` = "SPI1"…) while `csPin` is low (e.g. the DAC). */
  spiWrite(spi: string, data: Uint8Array, csPin: string): void;
  /** `analogRead(pin)`: 0..1 of the ADC reference, quantised to the ADC resolution. */
  analogRead(pin: string): number;
}
