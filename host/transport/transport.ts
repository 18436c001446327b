/**
 * One byte-stream link between the host and a board. Serial, HID, TCP and in-process
 * implement it and pass one contract suite (tests/host/transport-contract.ts).
 *
 * Rules every implementation keeps (serialport's conventions):
 * - Methods never throw synchronously; failures are rejected promises or `error` events.
 * - `write` before `open` or after `close` rejects with NOT_OPEN; a non-Uint8Array is a TypeError.
 * - When the far end goes away, `close` listeners get a NucleonError with
 *   `code: 'DISCONNECTED'` and `disconnected: true`; after a local `close()` they get null.
 *   Close listeners run exactly once.
 * - Bytes arrive in order, in chunks of any size; framing is the Board client's job.
 */
import type { NucleonError } from '../errors';

export type DataListener = (bytes: Uint8Array) => void;
export type ErrorListener = (err: NucleonError) => void;
export type CloseListener = (err: NucleonError | null) => void;

export interface Transport {
  /** e.g. "serial:/dev/ttyACM0@115200", "tcp://127.0.0.1:7000", "hid:10c4:ea80", "sim". */
  readonly description: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  write(bytes: Uint8Array): Promise<void>;
  onData(listener: DataListener): void;
  onError(listener: ErrorListener): void;
  onClose(listener: CloseListener): void;
  close(): Promise<void>;
}
