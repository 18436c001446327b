/**
 * A real johnny-five Board on the NucleonIO plugin: the select lines pick a channel, a
 * five.Sensor streams the lock-in ADC pin, and the custom pulse() moves the reading.
 */
import { NucleonIO } from '../../host/johnny-five';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const five = require('johnny-five') as {
  Board: new (opts: Record<string, unknown>) => NodeJS.EventEmitter & { io: NucleonIO };
  Sensor: new (opts: Record<string, unknown>) => NodeJS.EventEmitter & { value: number; disable(): void };
  Pin: new (opts: Record<string, unknown>) => { high(): void; low(): void };
};


test('five.Sensor reads the twin’s lock-in pin through NucleonIO', async () => {
  const io = new NucleonIO({ board: 'sim:seed=2' });
  const board = new five.Board({ io, repl: false, debug: false, sigint: false });
  await new Promise<void>((resolve, reject) => {
    board.once('ready', () => resolve());
    io.once('error', reject);
  });
  expect(io.analogPins).toEqual([4]);
  expect(io.normalize('A0')).toBe(4);
  // Select channel 3 with the select lines (S0 and S1 high).
  io.digitalWrite(0, 1);
  io.digitalWrite(1, 1);
  const sensor = new five.Sensor({ pin: 'A0', freq: 20 });
  const readings: number[] = [];
  sensor.on('data', function (this: { value: number }) {
    readings.push(this.value);
  });
  // Waits on events, never on a timer: after a pulse, two completed ADC reads (the second one
  // started after the pulse), then two Sensor data events (johnny-five's own sampling interval).
  const events = (emitter: NodeJS.EventEmitter, name: string, n: number): Promise<void> =>
    new Promise<void>((resolve) => {
      let seen = 0;
      const on = (): void => {
        if (++seen < n) return;
        emitter.off(name, on);
        resolve();
      };
      emitter.on(name, on);
    });
  const settled = async (): Promise<void> => {
    await events(io, 'analog-read-4', 2);
    await events(sensor, 'data', 2);
  };
  await io.pulse({ currentUa: -30000, widthUs: 5 });
  await settled();
  const low = readings[readings.length - 1];
  await io.pulse({ currentUa: 30000, widthUs: 5 });
  await settled();
  const high = readings[readings.length - 1];
  expect(low).toBeGreaterThan(0);
  expect(low).toBeLessThan(4096);
  expect(Math.abs(high - low)).toBeGreaterThan(20);
  sensor.disable();
  await io.close();
});
