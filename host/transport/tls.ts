/**
 * TLS transport: a board behind ser2net's `ssl(clientauth,…)` accepter (or any TLS server that
 * asks for a client certificate). The server's certificate must chain to the given CA and name
 * HOST (or `servername`); nothing else is trusted, and verification is never switched off.
 *
 * How a refusal shows: a server that rejects the client certificate during the handshake (TLS
 * 1.2 with a verifying server) fails `open()` with TLS. ser2net (gensio) finishes the handshake
 * and then closes the connection without a byte when the certificate is missing or does not
 * verify; so a link closed by the peer before its first byte is reported as TLS (with
 * `disconnected: true`), not as an ordinary DISCONNECTED — a board never closes a link before
 * answering the `hello` that openBoard sends first.
 */
import { promises as fsp } from 'fs';
import type * as net from 'net';
import * as tls from 'tls';
import { HostErrorCode, NucleonError } from '../errors';
import { cutLongWords } from './cut';
import { TcpTransport } from './tcp';
import type { TlsFiles } from './tls-spec';

export interface TlsOptions {
  host: string;
  port: number;
  /** The CA the server's certificate must chain to (PEM file). */
  ca: string;
  /** Client certificate and unencrypted key (PEM files); omitted only to test a server's refusal. */
  cert?: string;
  key?: string;
  servername?: string;
  connectTimeoutMs?: number;
}

/** OpenSSL/Node codes of a server certificate that did not verify or does not name the host. */
const SERVER_CERT_CODES = /^(UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|CERT_|ERR_TLS_CERT_ALTNAME|HOSTNAME_MISMATCH|INVALID_CA|UNABLE_TO_VERIFY)/;

function codeOf(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  return typeof code === 'string' ? code : '';
}

export class TlsTransport extends TcpTransport {
  protected override readonly readyEvent = 'secureConnect';
  private context: tls.SecureContext | null = null;

  constructor(private readonly tlsOptions: TlsOptions) {
    super({ host: tlsOptions.host, port: tlsOptions.port, connectTimeoutMs: tlsOptions.connectTimeoutMs }, 'tls');
  }

  /** From a parsed `tls://` spec. */
  static fromSpec(spec: { host: string; port: number } & TlsFiles): TlsTransport {
    return new TlsTransport({ host: spec.host, port: spec.port, ca: spec.ca, cert: spec.cert, key: spec.key, servername: spec.servername });
  }

  /** Reads the PEM files and checks OpenSSL takes them, before any connection is made. */
  protected override async prepare(): Promise<void> {
    const o = this.tlsOptions;
    const ca = await this.readPem('ca', o.ca);
    const cert = o.cert === undefined ? undefined : await this.readPem('cert', o.cert);
    const key = o.key === undefined ? undefined : await this.readPem('key', o.key);
    try {
      this.context = tls.createSecureContext({ ca, cert, key });
    } catch (err) {
      // OpenSSL refuses the PEM text itself (not a certificate, key does not match the certificate…)
      const why = err instanceof Error ? err.message : String(err);
      throw new NucleonError(HostErrorCode.TLS, cutLongWords(`${this.description}: cannot use ca=${o.ca}, cert=${o.cert ?? '(none)'}, key=${o.key ?? '(none)'}: ${why}`), { cause: err });
    }
  }

  protected override connectSocket(): net.Socket {
    const o = this.tlsOptions;
    return tls.connect({ host: o.host, port: o.port, secureContext: this.context ?? undefined, servername: o.servername, rejectUnauthorized: true });
  }

  private async readPem(option: 'ca' | 'cert' | 'key', file: string): Promise<Buffer> {
    try {
      return await fsp.readFile(file);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new NucleonError(HostErrorCode.TLS, cutLongWords(`${this.description}: cannot read ${option}=${file}: ${why}`), { cause: err });
    }
  }

  protected override openError(err: Error): Error {
    const code = codeOf(err);
    if (SERVER_CERT_CODES.test(code)) {
      return new NucleonError(
        HostErrorCode.TLS,
        cutLongWords(`${this.description}: the server's certificate is not accepted (${code}: ${err.message}); it must be signed by the CA in ca=${this.tlsOptions.ca} and name ${this.tlsOptions.servername ?? this.tlsOptions.host}`),
        { cause: err },
      );
    }
    if (code.startsWith('ERR_SSL_') || /before secure TLS connection/.test(err.message)) {
      return new NucleonError(
        HostErrorCode.TLS,
        cutLongWords(`${this.description}: the TLS handshake failed (${err.message}): the server refused this host's client certificate (cert=${this.tlsOptions.cert ?? 'none given'}), or does not speak TLS on this port`),
        { cause: err },
      );
    }
    return err;
  }

  protected override peerClosed(): void {
    if (this.bytesIn > 0) return super.peerClosed();
    this.lost(
      `the server closed the TLS connection before sending a byte: it refused this host's client certificate (cert=${this.tlsOptions.cert ?? 'none given'}; ser2net accepts a certificate whose CN has a folder in its authdir holding the signing CA), or could not open the board's serial port (see its log)`,
      undefined,
      HostErrorCode.TLS,
    );
  }
}
