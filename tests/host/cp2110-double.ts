/**
 * THE one device double of the host tests: a CP2110 HID-to-UART bridge. There is no hidraw or
 * /dev/uhid on the CI machine, so a real HID device cannot exist; this double speaks the
 * CP2110 report format (AN434) strictly and carries the UART bytes to a real board link
 * (the twin), so everything above the HID reports is the real path.
 */
import { EventEmitter } from 'events';
import { CP2110, decodeUartConfig } from '../../host/transport/cp2110';
import type { UartConfig } from '../../host/transport/cp2110';
import type { HidBackend, HidDevice, HidDeviceInfo } from '../../host/transport/hid-backend';

export interface UartSide {
  write(bytes: Uint8Array): void;
  onData(cb: (bytes: Uint8Array) => void): void;
}

export class Cp2110Double implements HidBackend {
  readonly violations: string[] = [];
  uartEnabled = false;
  config: UartConfig | null = null;
  reportsIn = 0;
  private device: (EventEmitter & HidDevice) | null = null;

  constructor(
    private readonly uart: UartSide,
    readonly serialNumber = 'SIM0001',
  ) {
    uart.onData((bytes) => {
      if (!this.device || !this.uartEnabled) return;
      for (let i = 0; i < bytes.length; i += CP2110.MAX_DATA) {
        const chunk = bytes.subarray(i, i + CP2110.MAX_DATA);
        const report = Buffer.alloc(64);
        report[0] = chunk.length;
        report.set(chunk, 1);
        // Interrupt-in reports arrive asynchronously, like hidapi's read thread.
        const dev = this.device;
        setImmediate(() => dev.emit('data', report));
      }
    });
  }

  async devices(vendorId: number, productId: number): Promise<HidDeviceInfo[]> {
    if (vendorId !== CP2110.VENDOR_ID || productId !== CP2110.PRODUCT_ID) return [];
    return [{ vendorId, productId, path: '/dev/hidraw-double', serialNumber: this.serialNumber }];
  }

  async open(path: string): Promise<HidDevice> {
    if (path !== '/dev/hidraw-double') throw new Error(`cannot open ${path}`);
    const dev = new EventEmitter() as EventEmitter & HidDevice;
    dev.write = async (report: number[]) => {
      const len = report[0];
      if (!(len >= 1 && len <= CP2110.MAX_DATA) || report.length !== len + 1) {
        this.violations.push(`bad data report: id ${len}, ${report.length} bytes`);
        throw new Error('bad report');
      }
      if (!this.uartEnabled || !this.config) {
        this.violations.push('data before UART enable/config');
        return report.length;
      }
      this.reportsIn++;
      this.uart.write(Uint8Array.from(report.slice(1)));
      return report.length;
    };
    dev.sendFeatureReport = async (report: number[]) => {
      if (report[0] === CP2110.REPORT_UART_ENABLE) this.uartEnabled = report[1] === 1;
      else if (report[0] === CP2110.REPORT_UART_CONFIG) {
        const c = decodeUartConfig(report);
        if (!c || c.dataBits !== CP2110.DATA_BITS_8) this.violations.push('bad UART config');
        this.config = c;
      } else if (report[0] !== CP2110.REPORT_PURGE_FIFOS) this.violations.push(`unknown feature report 0x${report[0].toString(16)}`);
      return report.length;
    };
    dev.getFeatureReport = async (id: number) => Buffer.from(id === CP2110.REPORT_UART_ENABLE ? [id, this.uartEnabled ? 1 : 0] : [id]);
    dev.close = async () => {
      this.device = null;
    };
    this.device = dev;
    return dev;
  }

  /** The USB cable is pulled: hidapi reports a read error. */
  unplug(): void {
    const dev = this.device;
    this.device = null;
    dev?.emit('error', new Error('could not read from HID device'));
  }
}
