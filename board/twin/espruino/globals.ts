/**
 * The Espruino API surface a program sees (its vm context's globals), backed by the twin:
 * pins and SPI → PinLevelHardware, timers and getTime() → the twin's scheduler (virtual or real),
 * require('Storage') → TwinStorage, USB/Serial/LoopbackA → the twin's link and the console,
 * E.enableWatchdog/kickWatchdog → the runtime's watchdog. Only what the firmware (and a simple
 * upload) uses; everything here is API plumbing, no firmware logic.
 */
import type { Twin } from '../twin-api';
import { bytesOfData, bytesOfString, stringOfBytes, viewOfData } from './binary';
import { espruinoMath } from './math';
import { storageWrite } from './storage';
import type { Program } from './program';

export interface SurfaceHost {
  readonly twin: Twin;
  /** Output on a serial device (USB goes to the host link). */
  serialWrite(device: string, bytes: Uint8Array): void;
  /** Moves the console to `device`. */
  setConsole(device: string): void;
  /** Text printed by the program (console.log/print) → the console device. */
  consoleWrite(text: string): void;
  enableWatchdog(timeoutS: number, autoKick: boolean): void;
  kickWatchdog(): void;
  /** reset() called by the program. */
  requestReset(): void;
  processEnv(): { [key: string]: string | number };
}

type Pin = string | { toString(): string };

function pinName(pin: unknown): string {
  return String(pin);
}

export function makeGlobals(host: SurfaceHost, program: Program): object {
  const twin = host.twin;
  const hw = twin.hardware;
  const scheduler = twin.scheduler;
  const gateEndMs = new Map<string, number>();
  const interp = twin.interpreter;
  /** A timer callback that first charges its interpreter time (when the twin charges any). */
  const charged = (fn: unknown, repeating: boolean): unknown =>
    interp === undefined || typeof fn !== 'function'
      ? fn
      : (...a: unknown[]): void => {
          scheduler.busy(interp.onTimer(repeating));
          (fn as (...x: unknown[]) => void)(...a);
        };

  const serial = (device: string): object => ({
    on(event: string, cb: unknown): void {
      if (event !== 'data' || typeof cb !== 'function') return;
      const list = program.listeners.get(device) ?? [];
      const receiver = cb as (d: string) => void;
      // the host link's receiver runs after the interpreter time its requests cost on the board
      list.push(
        device === 'USB' && interp !== undefined
          ? (d: string): void => {
              scheduler.busy(interp.onLinkData(d));
              receiver(d);
            }
          : receiver,
      );
      program.listeners.set(device, list);
    },
    removeAllListeners(event?: string): void {
      if (event === undefined || event === 'data') program.listeners.delete(device);
    },
    write(...data: unknown[]): void {
      // serialWrite consumes the bytes before it returns (the link queues a copy)
      host.serialWrite(device, viewOfData(data));
    },
    print(s: unknown): void {
      host.serialWrite(device, bytesOfString(String(s)));
    },
    println(s: unknown): void {
      host.serialWrite(device, bytesOfString(String(s) + '\r\n'));
    },
    setConsole(): void {
      host.setConsole(device);
    },
    setup(): void {
      /* baud rate etc.: nothing to model */
    },
  });

  const spi = (name: string): object => {
    /** Clocks the data out with chip select `cs`; returns how many bytes went (the DAC latches them at once). */
    const transfer = (args: unknown[]): number => {
      let cs = '';
      let bytes: Uint8Array;
      const last = args.length - 1;
      if (last > 0 && typeof args[last] === 'string') {
        cs = args[last] as string;
        bytes = last === 1 ? viewOfData(args[0]) : bytesOfData(args.slice(0, last));
      } else {
        bytes = viewOfData(args);
      }
      hw.spiWrite(name, bytes, cs);
      return bytes.length;
    };
    return {
      setup(): void {
        /* pins and baud: the twin's DAC listens on the board definition's bus */
      },
      write(...args: unknown[]): void {
        transfer(args);
      },
      send(...args: unknown[]): unknown {
        const length = transfer(args);
        return typeof args[0] === 'number' ? 0 : new program.Uint8Array(length);
      },
    };
  };

  const storage = {
    read(name: string, offset?: number, length?: number): string | undefined {
      const s = twin.storage.read(name);
      if (s === undefined) return undefined;
      const o = offset ?? 0;
      return length === undefined ? s.slice(o) : s.slice(o, o + length);
    },
    readArrayBuffer(name: string): ArrayBuffer | undefined {
      const s = twin.storage.read(name);
      if (s === undefined) return undefined;
      const u8 = new program.Uint8Array(bytesOfString(s));
      return u8.buffer;
    },
    readJSON(name: string): unknown {
      const s = twin.storage.read(name);
      return s === undefined ? undefined : JSON.parse(s);
    },
    // Espruino's offset/size semantics and errors (a full Storage throws, as on a board)
    write(name: string, data: unknown, offset?: number, size?: number): boolean {
      return storageWrite(twin.storage, name, data, offset, size);
    },
    erase(name: string): void {
      twin.storage.erase(name);
    },
    list(): string[] {
      return twin.storage.list();
    },
    getFree(): number {
      return twin.storage.freeBytes();
    },
    compact(): void {
      /* the twin compacts on erase */
    },
  };

  const print = (...args: unknown[]): void => {
    host.consoleWrite(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') + '\r\n');
  };

  return {
    digitalWrite(pins: Pin | Pin[], value: number): void {
      // an array is a bus, first pin = most significant bit, written as Espruino writes it: least
      // significant bit first, from the right-hand end of the array (no list built: called per select)
      const v = Number(value);
      if (!Array.isArray(pins)) {
        hw.digitalWrite(pinName(pins), (v & 1) === 1 ? 1 : 0);
        return;
      }
      const n = pins.length;
      for (let i = n - 1; i >= 0; i--) hw.digitalWrite(pinName(pins[i]), ((v >> (n - 1 - i)) & 1) === 1 ? 1 : 0);
    },
    digitalRead(pins: Pin | Pin[]): number {
      if (!Array.isArray(pins)) return hw.digitalRead(pinName(pins));
      let v = 0;
      for (let i = 0; i < pins.length; i++) v = (v << 1) | hw.digitalRead(pinName(pins[i]));
      return v;
    },
    digitalPulse(pin: Pin, level: number, time: number | ArrayLike<number>): void {
      const name = pinName(pin);
      if (typeof time === 'object' && time !== null) {
        // a train, as Espruino runs it: each time in turn at the level, which inverts after each
        // (digitalPulse(A0, 1, [5, 2, 4]): high 5 ms, low 2 ms, high 4 ms), all queued on the pin
        let v = level ? 1 : 0;
        for (let i = 0; i < time.length; i++) {
          const t = Number(time[i]);
          if (t > 0) {
            const start = Math.max(scheduler.nowMs(), gateEndMs.get(name) ?? 0);
            gateEndMs.set(name, start + t);
            hw.digitalPulse(name, v === 1 ? 1 : 0, t);
          }
          v = 1 - v;
        }
        return;
      }
      const timeMs = Number(time);
      if (timeMs > 0) {
        const start = Math.max(scheduler.nowMs(), gateEndMs.get(name) ?? 0);
        gateEndMs.set(name, start + timeMs);
        hw.digitalPulse(name, level ? 1 : 0, timeMs);
        return;
      }
      // digitalPulse(pin, v, 0) blocks until the pin's pulses are over: no JS runs meanwhile on
      // a board, so virtual time moves on and timers due inside those ≤ 0.3 ms fire after the
      // running code returns, late (busy, not advance: advance would run them inside it).
      const endMs = gateEndMs.get(name) ?? 0;
      if (endMs > scheduler.nowMs()) scheduler.busyUntil(endMs);
    },
    analogRead(pin: Pin): number {
      return hw.analogRead(pinName(pin));
    },
    pinMode(): void {
      /* the twin's pins need no mode */
    },
    getTime(): number {
      return scheduler.nowMs() / 1000;
    },
    setTimeout(fn: unknown, ms: unknown, ...args: unknown[]): number {
      return program.setTimer(charged(fn, false), ms, false, args);
    },
    setInterval(fn: unknown, ms: unknown, ...args: unknown[]): number {
      return program.setTimer(charged(fn, true), ms, true, args);
    },
    clearTimeout(id?: unknown): void {
      program.clearTimer(id);
    },
    clearInterval(id?: unknown): void {
      program.clearTimer(id);
    },
    USB: serial('USB'),
    Serial1: serial('Serial1'),
    Serial2: serial('Serial2'),
    LoopbackA: serial('LoopbackA'),
    LoopbackB: serial('LoopbackB'),
    SPI1: spi('SPI1'),
    SPI2: spi('SPI2'),
    E: {
      enableWatchdog(timeoutS: number, autoKick?: boolean): void {
        host.enableWatchdog(timeoutS, autoKick !== false);
      },
      kickWatchdog(): void {
        host.kickWatchdog();
      },
      toString(...data: unknown[]): string {
        return stringOfBytes(bytesOfData(data));
      },
      toUint8Array(...data: unknown[]): Uint8Array {
        return new program.Uint8Array(bytesOfData(data));
      },
      on(event: string, cb: unknown): void {
        if (event === 'init' && typeof cb === 'function') program.initHandlers.push(cb as () => void);
      },
      /** E.sum: the sum of an array's values (Espruino adds them as doubles, as here). */
      sum(values: ArrayLike<number>): number {
        let s = 0;
        for (let i = 0; i < values.length; i++) s += Number(values[i]);
        return s;
      },
      getErrorFlags(): string[] {
        return [];
      },
    },
    require(name: string): unknown {
      if (name === 'Storage') return storage;
      throw new Error('Module ' + name + ' not found');
    },
    print,
    console: { log: print },
    Math: espruinoMath(),
    reset(): void {
      host.requestReset();
    },
    process: { env: host.processEnv(), version: String(host.processEnv().VERSION) },
  };
}
