/**
 * The slice of node-hid the HID transport uses, and the lazy loader for the real one.
 * node-hid is required only when a `hid:` board is opened, so a machine without libusb or
 * hidraw runs everything else; asking for HID there gives HID_UNAVAILABLE with the fix.
 */
import { HostErrorCode, NucleonError } from '../errors';

export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string;
  serialNumber?: string;
}

/** An open HID device (node-hid's HIDAsync has exactly this shape). */
export interface HidDevice {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  write(report: number[]): Promise<number>;
  sendFeatureReport(report: number[]): Promise<number>;
  getFeatureReport(reportId: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

export interface HidBackend {
  devices(vendorId: number, productId: number): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidDevice>;
}

interface NodeHidModule {
  devicesAsync(vid: number, pid: number): Promise<HidDeviceInfo[]>;
  HIDAsync: { open(path: string): Promise<HidDevice> };
}

const HINT =
  'HID needs node-hid and its USB backend: on Debian/Ubuntu install libusb-1.0-0 (apt-get install libusb-1.0-0) ' +
  'and give your user access to the hidraw device (udev rule), or use a serial: board spec instead';

function unavailable(cause: unknown): NucleonError {
  const why = String((cause as { message?: unknown } | null)?.message ?? cause);
  return new NucleonError(HostErrorCode.HID_UNAVAILABLE, `HID is not available on this machine (${why}). ${HINT}`, { cause });
}

/** `loader` is for tests of the "module cannot load" path; it defaults to require('node-hid'). */
export function nodeHidBackend(loader: () => unknown = () => require('node-hid')): HidBackend {
  let mod: NodeHidModule | null = null;
  const load = (): NodeHidModule => {
    if (mod) return mod;
    try {
      mod = loader() as NodeHidModule;
    } catch (err) {
      throw unavailable(err);
    }
    return mod;
  };
  // Duck-typed: errors from the native addon may come from another realm (jest, vm).
  const isLoadError = (err: unknown): boolean => {
    const e = err as { message?: unknown; code?: unknown } | null;
    const text = `${String(e?.message ?? '')} ${String(e?.code ?? '')}`;
    return /cannot open shared object|libusb|dlopen|hidraw/i.test(text);
  };
  return {
    async devices(vendorId, productId) {
      const m = load();
      try {
        return await m.devicesAsync(vendorId, productId);
      } catch (err) {
        if (isLoadError(err)) throw unavailable(err);
        throw err;
      }
    },
    async open(path) {
      const m = load();
      try {
        return await m.HIDAsync.open(path);
      } catch (err) {
        if (isLoadError(err)) throw unavailable(err);
        throw err;
      }
    },
  };
}
