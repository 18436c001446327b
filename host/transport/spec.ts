/**
 * Board spec strings (what `openBoard(spec)` and `--board SPEC` take):
 *   sim                         the twin in this process, default settings
 *   sim:seed=N[,key=value…]     the twin with options (passed to the twin's parseSimSpec)
 *   serial:PATH[@BAUD]          a serial port (USB CDC, or a pty from `nucleon sim --pty`)
 *   hid:VID:PID[:SERIAL]        a CP2110-style HID-to-UART bridge, VID/PID in hex
 *   tcp://HOST:PORT             a board served over TCP (`nucleon sim --tcp PORT`, ser2net)
 *   tls://HOST:PORT?ca=FILE&cert=FILE&key=FILE[&servername=NAME]
 *                               the same over TLS with a client certificate (ser2net's ssl gensio)
 */
import { HostErrorCode, NucleonError } from '../errors';
import { DEFAULT_BAUD } from './serial';
import { shownSpec } from './cut';
import { parseTlsQuery } from './tls-spec';
import type { TlsFiles } from './tls-spec';

export type BoardSpec =
  | { kind: 'sim'; simSpec: string }
  | { kind: 'serial'; path: string; baudRate: number }
  | { kind: 'hid'; vendorId: number; productId: number; serialNumber?: string }
  | { kind: 'tcp'; host: string; port: number }
  | ({ kind: 'tls'; host: string; port: number } & TlsFiles);

export const SPEC_FORMS = [
  'sim',
  'sim:seed=N[,key=value…]',
  'serial:PATH[@BAUD]',
  'hid:VID:PID[:SERIAL]   (VID, PID in hex)',
  'tcp://HOST:PORT',
  'tls://HOST:PORT?ca=FILE&cert=FILE&key=FILE[&servername=NAME]',
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
    // The twin parses the options (board/twin/spec.ts parseSimSpec) and names any bad key.
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
    if (text.includes('?')) throw bad(spec, 'tcp:// takes no options (for a CA and client certificate use tls://)');
    return { kind: 'tcp', ...hostPort(spec, text.slice(6), 'tcp://HOST:PORT') };
  }
  if (text.startsWith('tls://')) {
    const q = text.indexOf('?');
    const address = hostPort(spec, q < 0 ? text.slice(6) : text.slice(6, q), 'tls://HOST:PORT?ca=FILE&cert=FILE&key=FILE');
    const files = parseTlsQuery(q < 0 ? '' : text.slice(q + 1));
    if (typeof files === 'string') throw bad(spec, files);
    return { kind: 'tls', ...address, ...files };
  }
  throw bad(spec, 'unknown form');
}

function hostPort(spec: string, text: string, form: string): { host: string; port: number } {
  const m = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(text);
  if (!m) throw bad(spec, `expected ${form}`);
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw bad(spec, `port ${port} is outside 1..65535`);
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}
