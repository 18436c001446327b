/**
 * Where the server may listen. Loopback needs nothing; any other address exposes pulses into
 * real devices to the network, so it needs a bearer token, and the server refuses to start
 * without one.
 */
import * as net from 'net';
import { ServerError, ServerErrorCode } from './errors';

/** Tokens shorter than this are refused: they are guessable. */
export const MIN_TOKEN_LENGTH = 16;

const TOKEN_RULE = { minLength: MIN_TOKEN_LENGTH, characters: 'printable ASCII (0x21-0x7e), no blanks' };

export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) {
    if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
    return mapped !== null && mapped[1].startsWith('127.');
  }
  return false;
}

/** Throws INSECURE_BIND when `host` is not loopback and there is no usable token. */
export function checkBindPolicy(host: string, token: string | undefined): void {
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    throw new ServerError(ServerErrorCode.INSECURE_BIND, 0, `--token must be at least ${MIN_TOKEN_LENGTH} characters (got ${token.length})`, {
      field: 'token',
      allowed: TOKEN_RULE,
    });
  }
  // A token with blanks or other invisible characters cannot be sent as "Bearer T" (the header
  // ends at the first blank), so every request would be refused: refuse the setting instead.
  if (token !== undefined && !/^[\x21-\x7e]+$/.test(token)) {
    const what = token.trim() === '' ? 'is blank (only whitespace)' : 'holds whitespace or characters outside printable ASCII';
    throw new ServerError(ServerErrorCode.INSECURE_BIND, 0, `--token ${what}: use at least ${MIN_TOKEN_LENGTH} printable ASCII characters without blanks, e.g. $(openssl rand -hex 24)`, {
      field: 'token',
      allowed: TOKEN_RULE,
    });
  }
  if (!isLoopbackHost(host) && token === undefined) {
    throw new ServerError(
      ServerErrorCode.INSECURE_BIND,
      0,
      `refusing to listen on ${host} without --token: any address other than loopback (127.0.0.1, ::1, localhost) ` +
        `lets other machines drive current pulses into the devices. Pass --token T (or set NUCLEON_TOKEN; at least ` +
        `${MIN_TOKEN_LENGTH} characters) and send "Authorization: Bearer T", or bind 127.0.0.1.`,
      { field: 'host', allowed: ['127.0.0.1', '::1', 'localhost', 'any address with --token'] },
    );
  }
}
