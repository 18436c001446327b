/**
 * Board spec strings (what `openBoard(spec)` and `--board SPEC` take):
 *   sim                         the twin in this process, default settings
 *   sim:seed=N[,key=value…]     the twin with options (passed to the twin's parseSimSpec)
 *   serial:PATH[@BAUD]          a serial port (USB CDC, or a pty from `nucleon sim --pty`)
 *   hid:VID:PID[:SERIAL]        a CP2110-style HID-to-UART bridge, VID/PID in hex
 *   tcp://HOST:PORT             a board served over TCP (`nucleon sim --tcp PORT`)
 */
import { HostErrorCode, NucleonError } from '../errors';
import { DEFAULT_BAUD } from './serial';
import { shownSpec } from './cut';

export type BoardSpec =
  | { kind: 'sim'; simSpec: string }
  | { kind: 'serial'; path: string; baudRate: number }
  | { kind: 'hid'; vendorId: number; productId: number; serialNumber?: string }
  | { kind: 'tcp'; host: string; port: number };

export const SPEC_FORMS = [
  'sim',
  'sim:seed=N[,key=value…]',
  'serial:PATH[@BAUD]',
  'hid:VID:PID[:SERIAL]   (VID, PID in hex)',
  'tcp://HOST:PORT',
];


function bad(spec: string, why: string): NucleonError {
  return new NucleonError(
    HostErrorCode.BAD_SPEC,
    `bad board spec "${shownSpec(spec)}": ${why}. Use one of: ${SPEC_FORMS.join(' | ')}`,
  );
}

const BAUDS = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600, 1000000, 2000000];

export function parseBoardSpec(spec: string): BoardSpec {
  if (typeof spec !== 'string') throw bad(String(spec), 'not a string');
  const text = spec.trim();
  if (text === 'sim') return { kind: 'sim', simSpec: 'sim' };
  if (text.startsWith('sim:')) {
    const rest = text.slice(4);
    // The twin parses the options (board/spec.ts parseSimSpec) and names any bad key.
    if (rest === '' || /(^|,)(,|$)/.test(rest)) throw bad(spec, 'sim options are SEED or key=value pairs separated by commas');
    return { kind: 'sim', simSpec: text };
  }
  if (text.startsWith('serial:')) {
    const m = /^serial:([^@]+)(?:@(\d+))?$/.exec(text);
    if (!m) throw bad(spec, 'expected serial:PATH or serial:PATH@BAUD');
    const baudRate = m[2] === undefined ? DEFAULT_BAUD : Number(m[2]);
    if (!BAUDS.includes(baudRate)) throw bad(spec, `baud ${shownSpec(m[2], 20)} is not one of ${BAUDS.join(', ')}`);
    return { kind: 'serial', path: m[1], baudRate };
  }
  if (text.startsWith('hid:')) {
    const m = /^hid:([0-9a-fA-F]{1,4}):([0-9a-fA-F]{1,4})(?::(.+))?$/.exec(text);
    if (!m) throw bad(spec, 'expected hid:VID:PID or hid:VID:PID:SERIAL with VID and PID in hex (e.g. hid:10c4:ea80)');
    const out: BoardSpec = { kind: 'hid', vendorId: parseInt(m[1], 16), productId: parseInt(m[2], 16) };
    if (m[3] !== undefined) out.serialNumber = m[3];
    return out;
  }
  if (text.startsWith('tcp://')) {
    const m = /^tcp:\/\/(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(text);
    if (!m) throw bad(spec, 'expected tcp://HOST:PORT');
    const port = Number(m[2]);
    if (port < 1 || port > 65535) throw bad(spec, `port ${port} is outside 1..65535`);
    return { kind: 'tcp', host: m[1].replace(/^\[|\]$/g, ''), port };
  }
  throw bad(spec, 'unknown form');
}
