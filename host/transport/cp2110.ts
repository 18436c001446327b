/**
 * CP2110 HID-to-UART report format (Silicon Labs AN434), the part of it the link uses:
 * - interrupt data reports: report ID 0x01..0x3F = number of UART bytes that follow (1..63);
 * - feature 0x41 Get/Set UART Enable: [0x41, 0|1];
 * - feature 0x43 Purge FIFOs: [0x43, 1 = TX | 2 = RX];
 * - feature 0x50 Get/Set UART Config: [0x50, baud (u32 big-endian), parity, flow control,
 *   data bits (0 = 5 … 3 = 8), stop bits (0 = short, 1 = long)].
 * Pure functions, shared by the HID transport and the device double in the tests.
 */
export const CP2110 = {
  VENDOR_ID: 0x10c4,
  PRODUCT_ID: 0xea80,
  MAX_DATA: 63,
  REPORT_UART_ENABLE: 0x41,
  REPORT_UART_STATUS: 0x42,
  REPORT_PURGE_FIFOS: 0x43,
  REPORT_UART_CONFIG: 0x50,
  PURGE_TX: 1,
  PURGE_RX: 2,
  DATA_BITS_8: 3,
} as const;

export interface UartConfig {
  baudRate: number;
  /** 0 none, 1 even, 2 odd, 3 mark, 4 space */
  parity: number;
  /** 0 none, 1 hardware */
  flowControl: number;
  /** 0 = 5 bits … 3 = 8 bits */
  dataBits: number;
  /** 0 = short (1 bit), 1 = long (1.5/2 bits) */
  stopBits: number;
}

/** Splits UART bytes into data reports of at most 63 bytes, each [len, ...bytes]. */
export function encodeDataReports(bytes: Uint8Array): number[][] {
  const reports: number[][] = [];
  for (let i = 0; i < bytes.length; i += CP2110.MAX_DATA) {
    const chunk = bytes.subarray(i, Math.min(bytes.length, i + CP2110.MAX_DATA));
    reports.push([chunk.length, ...chunk]);
  }
  return reports;
}

/**
 * The UART bytes of one input report, or null when it is not a data report. Extra bytes after
 * the payload (hidapi may hand over a full 64-byte report) are ignored.
 */
export function decodeDataReport(report: Uint8Array): Uint8Array | null {
  if (report.length === 0) return null;
  const len = report[0];
  if (len < 1 || len > CP2110.MAX_DATA || report.length < 1 + len) return null;
  return report.slice(1, 1 + len);
}

export function encodeUartEnable(enabled: boolean): number[] {
  return [CP2110.REPORT_UART_ENABLE, enabled ? 1 : 0];
}

export function encodePurge(which: number): number[] {
  return [CP2110.REPORT_PURGE_FIFOS, which];
}

export function encodeUartConfig(config: UartConfig): number[] {
  const b = config.baudRate >>> 0;
  return [
    CP2110.REPORT_UART_CONFIG,
    (b >>> 24) & 0xff,
    (b >>> 16) & 0xff,
    (b >>> 8) & 0xff,
    b & 0xff,
    config.parity,
    config.flowControl,
    config.dataBits,
    config.stopBits,
  ];
}

export function decodeUartConfig(report: ArrayLike<number>): UartConfig | null {
  if (report.length < 9 || report[0] !== CP2110.REPORT_UART_CONFIG) return null;
  const baudRate = ((report[1] << 24) | (report[2] << 16) | (report[3] << 8) | report[4]) >>> 0;
  return { baudRate, parity: report[5], flowControl: report[6], dataBits: report[7], stopBits: report[8] };
}
