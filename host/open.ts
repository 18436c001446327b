/**
 * openBoard(spec): parse the spec, build the transport, connect, say hello.
 * The twin (`sim…`) is loaded only when a sim board is asked for.
 */
import { Board } from './client/board';
import type { BoardOptions } from './client/board';
import { defaultWire } from './client/default-wire';
import type { HidBackend } from './transport/hid-backend';
import { HidTransport } from './transport/hid';
import { InProcessTransport } from './transport/in-process';
import { SerialTransport } from './transport/serial';
import type { BoardSpec } from './transport/spec';
import { parseBoardSpec } from './transport/spec';
import { TcpTransport } from './transport/tcp';
import { TlsTransport } from './transport/tls';
import type { Transport } from './transport/transport';
import { openSimLink } from './transport/sim-loader';

export interface OpenBoardOptions extends Partial<BoardOptions> {
  /** For `hid:` specs: a HID backend other than node-hid (the tests' CP2110 device double). */
  hidBackend?: HidBackend;
  /** Extra options for the twin of `sim` specs (board/twin/sim.ts openSimBoard opts). */
  simOptions?: Record<string, unknown>;
}

export function transportFor(spec: BoardSpec, options: OpenBoardOptions = {}): Transport {
  switch (spec.kind) {
    case 'sim':
      return new InProcessTransport(() => openSimLink(spec.simSpec, options.simOptions), spec.simSpec);
    case 'serial':
      return new SerialTransport({ path: spec.path, baudRate: spec.baudRate });
    case 'hid':
      return new HidTransport({ vendorId: spec.vendorId, productId: spec.productId, serialNumber: spec.serialNumber, backend: options.hidBackend });
    case 'tcp':
      return new TcpTransport({ host: spec.host, port: spec.port });
    case 'tls':
      return TlsTransport.fromSpec(spec);
  }
}

/**
 * Opens a board: `sim`, `sim:seed=N[,key=value…]`, `serial:PATH[@BAUD]`, `hid:VID:PID[:SERIAL]`,
 * `tcp://HOST:PORT`, `tls://HOST:PORT?ca=FILE&cert=FILE&key=FILE[&servername=NAME]`. Resolves once hello succeeded and the versions match.
 */
export async function openBoard(spec = 'sim', options: OpenBoardOptions = {}): Promise<Board> {
  const parsed = parseBoardSpec(spec);
  const transport = transportFor(parsed, options);
  return Board.connect(transport, { ...options, wire: options.wire ?? defaultWire() });
}
