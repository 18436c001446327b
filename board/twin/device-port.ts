/**
 * What the instrument chain needs from a device model (board/twin/device/, the HallBar).
 * Times are seconds of virtual time; currents amperes (signed); resistances ohms.
 */
export interface TwinDevice {
  pulse(currentA: number, widthS: number, nowS: number): void;
  /** Hall resistance the lock-in measures. */
  rHallOhm(nowS: number): number;
  /** Two-terminal resistance the current source drives (for the compliance clip). */
  resistanceOhm(nowS: number): number;
}
