/**
 * Ambient declarations for the Espruino globals the firmware uses (https://www.espruino.com/Reference).
 * Only firmware/espruino/ touches them; everything else goes through the Hal. Pins are passed as
 * their names ("B3"): Espruino accepts a pin name string wherever it takes a pin.
 */
declare namespace EspruinoApi {
  type PinName = string;
  interface SerialLike {
    on(event: 'data', callback: (data: string) => void): void;
    removeAllListeners(event?: string): void;
    write(data: string | Uint8Array | number[]): void;
    setConsole(force?: boolean): void;
  }
  interface Spi {
    setup(options: { sck: PinName; mosi: PinName; miso?: PinName; baud?: number; mode?: number }): void;
    send(data: Uint8Array | number[] | string, nss?: PinName): unknown;
    write(data: Uint8Array, nss: PinName): void;
  }
  interface StorageModule {
    read(name: string, offset?: number, length?: number): string | undefined;
    write(name: string, data: string, offset?: number, size?: number): boolean;
    erase(name: string): void;
  }
  interface E {
    enableWatchdog(timeoutS: number, autoKick?: boolean): void;
    kickWatchdog(): void;
    toString(data: Uint8Array): string;
    toUint8Array(data: string): Uint8Array;
    /** CRC-32 (ISO-HDLC) of the data, unsigned; absent in the twin's surface. */
    CRC32?: (data: Uint8Array) => number;
    /** The sum of an array's values (a typed array's too), natively. */
    sum?: (values: Float32Array) => number;
    on(event: 'init', callback: () => void): void;
  }
}

declare const E: EspruinoApi.E;
declare const USB: EspruinoApi.SerialLike;
declare const Serial1: EspruinoApi.SerialLike;
declare const Serial2: EspruinoApi.SerialLike;
declare const LoopbackA: EspruinoApi.SerialLike;
declare const SPI1: EspruinoApi.Spi;
declare const SPI2: EspruinoApi.Spi;
declare function digitalWrite(pin: EspruinoApi.PinName | EspruinoApi.PinName[], value: number): void;
declare function digitalRead(pin: EspruinoApi.PinName | EspruinoApi.PinName[]): number;
/** timeMs: one pulse, or a train: each time in turn, the level inverting after each. */
declare function digitalPulse(pin: EspruinoApi.PinName, value: number, timeMs: number | number[]): void;
declare function analogRead(pin: EspruinoApi.PinName): number;
declare function pinMode(pin: EspruinoApi.PinName, mode: string): void;
/** Seconds since boot (float). */
declare function getTime(): number;
/** Build-time constants: a module firmware/build.ts generates (so the minifier sees the literals). */
declare module 'nucleon:build' {
  export const BOARD: import('../board').FirmwareBoard;
  export const VERSION: string;
  export const TABLES: import('../core/tables').FirmwareTables;
}
