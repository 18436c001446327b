/**
 * HID transport: a CP2110-style USB-HID-to-UART bridge on the board (driverless hosts).
 * Opens the device by VID:PID (and serial), enables and configures the UART with feature
 * reports, purges the FIFOs, then carries bytes in data reports (report ID = length 1..63).
 */
import { shownSpec } from './cut';
import { HostErrorCode, NucleonError } from '../errors';
import { BaseTransport } from './base';
import { CP2110, decodeDataReport, encodeDataReports, encodePurge, encodeUartConfig, encodeUartEnable } from './cp2110';
import type { HidBackend, HidDevice } from './hid-backend';
import { nodeHidBackend } from './hid-backend';

export interface HidOptions {
  vendorId: number;
  productId: number;
  serialNumber?: string;
  baudRate?: number;
  /** Defaults to node-hid, loaded on first use. */
  backend?: HidBackend;
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

export class HidTransport extends BaseTransport {
  readonly description: string;
  private device: HidDevice | null = null;
  private readonly backend: HidBackend;

  constructor(private readonly options: HidOptions) {
    super();
    this.backend = options.backend ?? nodeHidBackend();
    this.description = `hid:${hex4(options.vendorId)}:${hex4(options.productId)}${options.serialNumber ? ':' + options.serialNumber : ''}`;
  }

  protected async doOpen(): Promise<void> {
    const { vendorId, productId, serialNumber } = this.options;
    const found = await this.backend.devices(vendorId, productId);
    const match = found.find((d) => d.path !== undefined && (serialNumber === undefined || d.serialNumber === serialNumber));
    if (!match || match.path === undefined) {
      const seen = found.map((d) => d.serialNumber ?? '?').join(', ');
      throw new NucleonError(
        HostErrorCode.HID_NOT_FOUND,
        `no HID device ${shownSpec(this.description)}` + (found.length ? ` (serials present: ${seen})` : ' is connected'),
      );
    }
    const device = await this.backend.open(match.path);
    try {
      await device.sendFeatureReport(encodeUartConfig({
        baudRate: this.options.baudRate ?? 115200,
        parity: 0,
        flowControl: 0,
        dataBits: CP2110.DATA_BITS_8,
        stopBits: 0,
      }));
      await device.sendFeatureReport(encodeUartEnable(true));
      await device.sendFeatureReport(encodePurge(CP2110.PURGE_TX | CP2110.PURGE_RX));
    } catch (err) {
      await device.close().catch(() => undefined);
      throw err;
    }
    this.device = device;
    device.on('data', (report: Buffer) => {
      const bytes = decodeDataReport(new Uint8Array(report.buffer, report.byteOffset, report.length));
      if (bytes) this.received(bytes);
    });
    device.on('error', (err: Error) => this.lost(`HID device error: ${err.message}`, err));
  }

  protected async doWrite(bytes: Uint8Array): Promise<void> {
    const device = this.device;
    if (!device) throw new Error('device gone');
    for (const report of encodeDataReports(bytes)) await device.write(report);
  }

  protected async doClose(): Promise<void> {
    const device = this.device;
    this.device = null;
    if (!device) return;
    await device.sendFeatureReport(encodeUartEnable(false)).catch(() => undefined);
    await device.close().catch(() => undefined);
  }
}
