/**
 * A real ser2net (Debian package, gensio-based) in front of a pty whose far side is the twin,
 * as a lab would put one in front of a board's serial port on another machine; and the
 * certificates for its TLS accepter, made here with the openssl CLI (own CA, server and client
 * certificates, and a second CA for a client certificate the server must refuse).
 */
import { spawn, spawnSync } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { fileAppears } from '../file-watch';

/** ser2net lives in /usr/sbin, which a non-root PATH may lack. */
const SER2NET = fs.existsSync('/usr/sbin/ser2net') ? '/usr/sbin/ser2net' : 'ser2net';

/** Why ser2net tests cannot run here (a missing program), or null. */
export function ser2netMissing(): string | null {
  for (const [program, args, pkg] of [[SER2NET, ['-v'], 'ser2net'], ['openssl', ['version'], 'openssl']] as const) {
    const r = spawnSync(program, args, { stdio: 'ignore' });
    if (r.error || r.status !== 0) return `${program} is not installed (Debian package ${pkg}; make test installs it)`;
  }
  return null;
}

function openssl(args: string[], cwd: string): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr}`);
}

export interface Certs {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  /** Client certificate signed by `ca`, CN `lab`: the one ser2net accepts. */
  clientCert: string;
  clientKey: string;
  /** Client certificate with the same CN signed by another CA: refused. */
  strangerCert: string;
  strangerKey: string;
  /** Client certificate from `ca` whose CN (`bob`) has no folder in the authdir: refused. */
  bobCert: string;
  bobKey: string;
  /** ser2net's authdir: lab/allowed_certs holds `ca`, hashed. */
  authdir: string;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** Makes the CA, server (SAN IP 127.0.0.1, DNS localhost) and client certificates in `dir`. */
export function makeCerts(dir: string): Certs {
  const ext = (name: string, text: string): string => {
    fs.writeFileSync(path.join(dir, name), text);
    return name;
  };
  const leaf = (name: string, cn: string, ca: string, extFile: string): void => {
    openssl(['req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`], dir);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', extFile], dir);
  };
  openssl(['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=Nucleon test lab CA'], dir);
  openssl(['req', '-x509', ...EC, '-keyout', 'other-ca.key', '-out', 'other-ca.crt', '-days', '2', '-subj', '/CN=Some other CA'], dir);
  leaf('server', 'localhost', 'ca', ext('server.ext', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n'));
  const clientExt = ext('client.ext', 'extendedKeyUsage=clientAuth\n');
  leaf('client', 'lab', 'ca', clientExt);
  leaf('stranger', 'lab', 'other-ca', clientExt);
  leaf('bob', 'bob', 'ca', clientExt);
  const allowed = path.join(dir, 'auth', 'lab', 'allowed_certs');
  fs.mkdirSync(allowed, { recursive: true });
  fs.copyFileSync(path.join(dir, 'ca.crt'), path.join(allowed, 'ca.crt'));
  openssl(['rehash', allowed], dir);
  const p = (f: string): string => path.join(dir, f);
  return {
    dir,
    ca: p('ca.crt'),
    serverCert: p('server.crt'),
    serverKey: p('server.key'),
    clientCert: p('client.crt'),
    clientKey: p('client.key'),
    strangerCert: p('stranger.crt'),
    strangerKey: p('stranger.key'),
    bobCert: p('bob.crt'),
    bobKey: p('bob.key'),
    authdir: p('auth'),
  };
}

/** A loopback port nobody listens on now (the OS picks it; ser2net binds it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Whether something listens on 127.0.0.1:port (read from /proc: no connection is made). */
function listening(port: number): boolean {
  const hex = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const line of fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols[1] === hex && cols[3] === '0A') return true;
  }
  return false;
}

/**
 * The ser2net configuration docs/sdk.md gives a lab ("Boards on other machines"): its TLS block or
 * its loopback (SSH tunnel) block, with the board's device, the port and the certificate paths
 * swapped for the test's. Each swap must match exactly once, so the docs cannot drift from what
 * this test runs.
 */
export function docsSer2netConfig(kind: 'tls' | 'tunnel', opts: { device: string; port: number; tls?: { cert: string; key: string; authdir: string } }): string {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'sdk.md'), 'utf8');
  const anchor = kind === 'tls' ? 'connection: &nucleon-tls' : 'connection: &nucleon-tunnel';
  const block = /```yaml\n([\s\S]*?)```/g;
  let text: string | null = null;
  for (let m = block.exec(doc); m; m = block.exec(doc)) if (m[1].includes(anchor)) text = m[1];
  if (text === null) throw new Error(`docs/sdk.md has no yaml block with "${anchor}"`);
  const swaps: [string, string][] = [['/dev/ttyACM0', opts.device]];
  if (kind === 'tls') {
    if (!opts.tls) throw new Error('the TLS block needs the server certificate, key and authdir');
    swaps.push(
      [',tcp,7000\n', `,tcp,127.0.0.1,${opts.port}\n`],
      ['/etc/ser2net/nucleon/server.key', opts.tls.key],
      ['/etc/ser2net/nucleon/server.crt', opts.tls.cert],
      ['/etc/ser2net/nucleon/auth', opts.tls.authdir],
    );
  } else {
    swaps.push(['tcp,127.0.0.1,7000\n', `tcp,127.0.0.1,${opts.port}\n`]);
  }
  for (const [from, to] of swaps) {
    const n = text.split(from).length - 1;
    if (n !== 1) throw new Error(`docs/sdk.md's ${kind} block holds "${from.trim()}" ${n} times, not once`);
    text = text.replace(from, to);
  }
  return text;
}

export interface Ser2net {
  port: number;
  /** Everything ser2net wrote (its log: refusals are named there). */
  log(): string;
  /**
   * Resolves with the log once it matches `pattern`, asked now and at each chunk ser2net writes
   * (it logs a refusal after the client already saw the connection fail: reading the log at once
   * raced it on a loaded machine). Rejects, with the log, when ser2net exits first or stays
   * silent for `deadlineMs` of wall time (a deadline only; nothing waits on it).
   */
  logged(pattern: RegExp, deadlineMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/** Starts ser2net in the foreground on docs/sdk.md's configuration; resolves once it listens. */
export async function startSer2net(dir: string, opts: { device: string; tls?: { cert: string; key: string; authdir: string } }): Promise<Ser2net> {
  const port = await freePort();
  const config = path.join(dir, `ser2net-${port}.yaml`);
  fs.writeFileSync(config, docsSer2netConfig(opts.tls ? 'tls' : 'tunnel', { ...opts, port }));
  const pidFile = path.join(dir, `ser2net-${port}.pid`);
  const child: ChildProcess = spawn(SER2NET, ['-n', '-d', '-c', config, '-P', pidFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const onText: (() => void)[] = [];
  const append = (d: Buffer): void => {
    text += d.toString();
    for (const f of onText.slice()) f();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const logged = (pattern: RegExp, deadlineMs = 30_000): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      const done = (err: Error | null): void => {
        clearTimeout(deadline);
        child.off('exit', onExit);
        const i = onText.indexOf(check);
        if (i >= 0) onText.splice(i, 1);
        if (err) reject(err);
        else resolve(text);
      };
      const check = (): void => {
        if (pattern.test(text)) done(null);
      };
      const onExit = (): void => done(pattern.test(text) ? null : new Error(`ser2net exited before logging ${pattern}: ${text}`));
      const deadline = setTimeout(() => done(new Error(`ser2net did not log ${pattern} within ${deadlineMs} ms: ${text}`)), deadlineMs);
      onText.push(check);
      child.once('exit', onExit);
      check();
    });
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const stop = async (): Promise<void> => {
    if (exited()) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  };
  // ser2net writes its pid file once its accepters listen: wait for that file, not on a timer.
  const started = await fileAppears(pidFile, child, () => `ser2net exited: ${text.trim()}`).then(
    () => null,
    (err: Error) => err,
  );
  if (started !== null || !listening(port)) {
    await stop();
    throw new Error(`ser2net did not listen on 127.0.0.1:${port}: ${started?.message ?? text.trim()}`);
  }
  return { port, log: () => text, logged, stop };
}
