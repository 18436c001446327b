import { encodeDataReports, decodeDataReport, encodeUartConfig, decodeUartConfig, CP2110 } from '../../host/transport/cp2110';
import { nodeHidBackend } from '../../host/transport/hid-backend';
import { openBoard } from '../../host';
import type { NucleonError } from '../../host/errors';

describe('CP2110 reports', () => {
  test('data reports: report ID = payload length 1..63, split and rejoined at every size', () => {
    for (const n of [1, 62, 63, 64, 126, 127, 300]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 7 + 1) & 0xff);
      const reports = encodeDataReports(bytes);
      expect(reports).toHaveLength(Math.ceil(n / 63));
      for (const r of reports) {
        expect(r[0]).toBeGreaterThanOrEqual(1);
        expect(r[0]).toBeLessThanOrEqual(63);
        expect(r.length).toBe(r[0] + 1);
      }
      const joined = reports.flatMap((r) => Array.from(decodeDataReport(Uint8Array.from(r)) ?? []));
      expect(joined).toEqual(Array.from(bytes));
    }
    // A 64-byte input report with padding after the payload; and non-data report IDs.
    const padded = new Uint8Array(64);
    padded.set([3, 9, 8, 7, 0xee]);
    expect(Array.from(decodeDataReport(padded) ?? [])).toEqual([9, 8, 7]);
    expect(decodeDataReport(Uint8Array.from([0x41, 1]))).toBeNull();
    expect(decodeDataReport(Uint8Array.from([5, 1, 2]))).toBeNull();
  });

  test('UART config report round-trips (baud big-endian, 8N1)', () => {
    const cfg = { baudRate: 921600, parity: 0, flowControl: 0, dataBits: CP2110.DATA_BITS_8, stopBits: 0 };
    const r = encodeUartConfig(cfg);
    expect(r.slice(0, 5)).toEqual([0x50, 0x00, 0x0e, 0x10, 0x00]);
    expect(decodeUartConfig(r)).toEqual(cfg);
  });
});

describe('HID availability', () => {
  test('a node-hid that cannot load gives HID_UNAVAILABLE with the fix', async () => {
    const backend = nodeHidBackend(() => {
      throw new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory');
    });
    const err = (await openBoard('hid:10c4:ea80', { hidBackend: backend }).catch((e: unknown) => e)) as NucleonError;
    expect(err.code).toBe('HID_UNAVAILABLE');
    expect(err.message).toMatch(/libusb-1\.0-0/);
  });

  test('the real node-hid on this machine: a clear error, never a crash', async () => {
    // Without libusb (a fresh machine) node-hid loads but its first call fails: HID_UNAVAILABLE.
    // With libusb (after `make test` installs it) there is no CP2110 plugged in: HID_NOT_FOUND.
    const err = (await openBoard('hid:10c4:ea80').catch((e: unknown) => e)) as NucleonError;
    expect(['HID_UNAVAILABLE', 'HID_NOT_FOUND']).toContain(err.code);
    expect(err.message).toMatch(/hid:10c4:ea80|libusb/);
  });
});
