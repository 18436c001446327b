/**
 * The options of a `tls://HOST:PORT?…` board spec: which CA the board's server certificate must
 * chain to, and the client certificate and key this host proves itself with. All three are
 * required: a TLS link to a board without a client certificate would be as open as raw TCP.
 *
 *   ca=FILE           PEM file of the CA that signed the server's certificate (nothing else is trusted)
 *   cert=FILE         PEM client certificate (signed by a CA the server accepts)
 *   key=FILE          its unencrypted PEM private key
 *   servername=NAME   the DNS name the server's certificate must carry, when HOST is not it
 *
 * Values are percent-decoded (a path holding `&` or `%` writes them `%26`, `%25`); `+` is a plus.
 * Relative paths are read from the working folder when the board is opened.
 */
import { isIP } from 'net';
import { shownSpec } from './cut';

export interface TlsFiles {
  ca: string;
  cert: string;
  key: string;
  servername?: string;
}

const REQUIRED = ['ca', 'cert', 'key'] as const;
export const TLS_KEYS = [...REQUIRED, 'servername'] as const;
type TlsKey = (typeof TLS_KEYS)[number];

function isTlsKey(k: string): k is TlsKey {
  return (TLS_KEYS as readonly string[]).includes(k);
}

/** Parses `ca=…&cert=…&key=…[&servername=…]`; returns the files, or why the text is wrong. */
export function parseTlsQuery(query: string): TlsFiles | string {
  const found: Partial<Record<TlsKey, string>> = {};
  for (const item of query === '' ? [] : query.split('&')) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? item : item.slice(0, eq);
    if (!isTlsKey(key)) return `tls:// option "${shownSpec(key, 20)}" is not one of ${TLS_KEYS.join(', ')}`;
    if (found[key] !== undefined) return `tls:// option ${key} is given twice`;
    let value: string;
    try {
      value = decodeURIComponent(eq < 0 ? '' : item.slice(eq + 1));
    } catch {
      return `tls:// option ${key}: bad percent-encoding (write % as %25)`;
    }
    if (value.trim() === '') return `tls:// option ${key} needs a value (${key}=${key === 'servername' ? 'NAME' : 'FILE'})`;
    if (value.includes('\u0000')) return `tls:// option ${key}: a NUL character in the value`;
    if (key === 'servername' && (isIP(value) !== 0 || !/^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/.test(value))) {
      return `tls:// option servername "${shownSpec(value, 40)}" is not a DNS name (an IP address is checked from HOST)`;
    }
    found[key] = value;
  }
  const missing = REQUIRED.filter((k) => found[k] === undefined);
  if (missing.length > 0) {
    return `tls:// needs ${missing.map((k) => `${k}=FILE`).join(', ')} (the CA that signed the board's server certificate, and this host's client certificate and key)`;
  }
  const out: TlsFiles = { ca: found.ca as string, cert: found.cert as string, key: found.key as string };
  if (found.servername !== undefined) out.servername = found.servername;
  return out;
}
