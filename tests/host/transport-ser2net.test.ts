/**
 * A board on another machine, reached through the standard serial-to-TCP tool: the twin on a
 * real pty (socat), Debian's ser2net exposing that pty on a loopback port, and the SDK on the
 * other side — as plain `tcp://` and as `tls://` with a client certificate (ser2net's
 * `ssl(clientauth,…)` gensio). Both links pass the transport contract suite; a calibration and
 * activations go through the plain one, `nucleon serve` and `nucleon train --activation live`
 * through the TLS one; a client certificate from another CA, none at all, and a server
 * certificate from another CA or without the host's name are refused with TLS errors that say so.
 *
 * ser2net runs on the very configuration blocks docs/sdk.md gives a lab (ser2net-fixture.ts
 * reads them). Without ser2net or openssl: one loud line and a skip; with CI=true they must be
 * there.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { Board } from '../../host/client/board';
import { defaultWire } from '../../host/client/default-wire';
import { calibrate } from '../../host/calibration/calibrate';
import { Neuron } from '../../host/calibration/neuron';
import { openBoard } from '../../host/open';
import { startServer } from '../../host/server/server';
import { TcpTransport } from '../../host/transport/tcp';
import { TlsTransport } from '../../host/transport/tls';
import { isRecord, request } from '../server/helpers';
import type { Certs, Ser2net } from './ser2net-fixture';
import { makeCerts, ser2netMissing, startSer2net } from './ser2net-fixture';
import { simOverPty } from './sim-fixtures';
import { transportContract } from './transport-contract';

const missing = ser2netMissing();
const mustRun = process.env.CI === 'true';
if (missing && !mustRun) process.stderr.write(`\n*** SKIPPED tests/host/transport-ser2net.test.ts: ${missing} ***\n\n`);
const maybe = missing && !mustRun ? describe.skip : describe;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-ser2net-'));
let certs: Certs | null = null;
function theCerts(): Certs {
  if (missing) throw new Error(`CI=true and ${missing}`);
  certs ??= makeCerts(tmp);
  return certs;
}
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The twin on a pty behind ser2net (plain, or TLS with client certificates). */
async function boardBehindSer2net(tls: boolean): Promise<{ ser2net: Ser2net; stop(): Promise<void> }> {
  const c = theCerts();
  const pty = await simOverPty();
  try {
    const ser2net = await startSer2net(tmp, { device: pty.ptyPath, tls: tls ? { cert: c.serverCert, key: c.serverKey, authdir: c.authdir } : undefined });
    return {
      ser2net,
      async stop() {
        await ser2net.stop();
        await pty.stop();
      },
    };
  } catch (err) {
    await pty.stop();
    throw err;
  }
}

function tlsSpec(port: number, files: { ca?: string; cert?: string; key?: string } = {}): string {
  const c = theCerts();
  return `tls://127.0.0.1:${port}?ca=${files.ca ?? c.ca}&cert=${files.cert ?? c.clientCert}&key=${files.key ?? c.clientKey}`;
}

maybe('ser2net in front of the twin', () => {
  transportContract('tcp:// through ser2net', async () => {
    const far = await boardBehindSer2net(false);
    return {
      transport: new TcpTransport({ host: '127.0.0.1', port: far.ser2net.port }),
      disconnect: () => far.ser2net.stop(),
      cleanup: () => far.stop(),
    };
  });

  transportContract('tls:// through ser2net, client certificate', async () => {
    const far = await boardBehindSer2net(true);
    const c = theCerts();
    return {
      transport: new TlsTransport({ host: '127.0.0.1', port: far.ser2net.port, ca: c.ca, cert: c.clientCert, key: c.clientKey }),
      disconnect: () => far.ser2net.stop(),
      cleanup: () => far.stop(),
    };
  });

  test('tcp://: calibrate a channel and activate its neuron through ser2net', async () => {
    const far = await boardBehindSer2net(false);
    try {
      const board = await openBoard(`tcp://127.0.0.1:${far.ser2net.port}`);
      try {
        expect(board.info.boardId).toBe('nucleon-pico-ref');
        const cal = await calibrate(board, 0, { steps: 200 });
        expect(cal.deltaI99Ua).toBeGreaterThan(0);
        const neuron = await Neuron.open(board, 0);
        const lo = await neuron.activate(-4);
        const hi = await neuron.activate(4);
        expect(lo).toBeLessThan(0.3);
        expect(hi).toBeGreaterThan(0.7);
        expect(board.counters.badFrames).toBe(0);
        // one client at a time: a second is turned away ("Port already in use", then closed)
        await expect(openBoard(`tcp://127.0.0.1:${far.ser2net.port}`)).rejects.toMatchObject({ code: 'DISCONNECTED' });
        expect((await board.heartbeat(3)).token).toBe(3);
      } finally {
        await board.close();
      }
    } finally {
      await far.stop();
    }
  }, 60000);

  describe('tls://', () => {
    let far: { ser2net: Ser2net; stop(): Promise<void> };
    beforeAll(async () => {
      far = await boardBehindSer2net(true);
    });
    afterAll(async () => {
      await far?.stop();
    });

    test('nucleon serve opens the board by its tls:// spec, calibrates and answers activations', async () => {
      const server = await startServer({ boards: [tlsSpec(far.ser2net.port)], port: 0 });
      try {
        const cal = await request(server.url, '/v1/neurons/b0:0/calibrate', { body: { steps: 200 }, timeoutMs: 60000 });
        expect(cal.status).toBe(200);
        for (const x of [-3, 0, 3]) {
          const r = await request(server.url, '/v1/neurons/b0:0/activate', { body: { x } });
          expect(r.status).toBe(200);
          if (!isRecord(r.json)) throw new Error('not JSON');
          expect(r.json.y as number).toBeGreaterThanOrEqual(0);
          expect(r.json.y as number).toBeLessThanOrEqual(1);
        }
      } finally {
        await server.close();
      }
    }, 90000);

    test('nucleon train --activation live runs through the tls:// link (CLI, calibration of ten channels, training, test)', async () => {
      const root = path.join(__dirname, '..', '..');
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [path.join(root, 'bin', 'nucleon.js'), 'train', '--activation', 'live', '--board', tlsSpec(far.ser2net.port), '--train', '20', '--test', '10', '--json'],
        { cwd: root, timeout: 120000 },
      );
      const result = JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, unknown>;
      expect(result).toMatchObject({ activation: 'live', completed: true, train_examples: 20, test_examples: 10 });
      expect(result.evaluations).toBe(300);
    }, 120000);

    test('a client certificate from another CA is refused: TLS, and ser2net logs the failed verify', async () => {
      const c = theCerts();
      const err: unknown = await openBoard(tlsSpec(far.ser2net.port, { cert: c.strangerCert, key: c.strangerKey })).then(
        (b) => b.close().then(() => null),
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code: 'TLS', disconnected: true });
      expect((err as Error).message).toMatch(/refused this host's client certificate \(cert=.*stranger\.crt/);
      await expect(far.ser2net.logged(/certificate verify failed/)).resolves.toMatch(/certificate verify failed/);
    });

    test('a certificate from the right CA whose CN has no folder in the authdir is refused: TLS', async () => {
      const c = theCerts();
      await expect(openBoard(tlsSpec(far.ser2net.port, { cert: c.bobCert, key: c.bobKey }))).rejects.toMatchObject({
        code: 'TLS',
        message: expect.stringMatching(/refused this host's client certificate \(cert=.*bob\.crt/),
      });
    });

    test('no client certificate is refused: TLS, and ser2net logs that none was provided', async () => {
      const c = theCerts();
      const transport = new TlsTransport({ host: '127.0.0.1', port: far.ser2net.port, ca: c.ca });
      await expect(Board.connect(transport, { wire: defaultWire() })).rejects.toMatchObject({ code: 'TLS', message: expect.stringMatching(/cert=none given/) });
      await expect(far.ser2net.logged(/Certificate not provided/)).resolves.toMatch(/Certificate not provided/);
    });

    test('a server certificate that does not chain to ca= is refused before any byte is sent', async () => {
      const c = theCerts();
      const err: unknown = await openBoard(tlsSpec(far.ser2net.port, { ca: path.join(c.dir, 'other-ca.crt') })).then(
        (b) => b.close().then(() => null),
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code: 'TLS' });
      expect((err as Error).message).toMatch(/server's certificate is not accepted .*other-ca\.crt/);
    });

    test('a server certificate that does not name the host is refused (servername=)', async () => {
      const err: unknown = await openBoard(`${tlsSpec(far.ser2net.port)}&servername=board.example.org`).then(
        (b) => b.close().then(() => null),
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code: 'TLS' });
      expect((err as Error).message).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID.*name board\.example\.org/);
      // …and a name it does carry is accepted, though HOST is an address
      const board = await openBoard(`${tlsSpec(far.ser2net.port)}&servername=localhost`);
      await board.close();
    });

    test('unreadable files are TLS errors naming the option', async () => {
      await expect(openBoard(tlsSpec(far.ser2net.port, { key: path.join(tmp, 'nope.key') }))).rejects.toMatchObject({
        code: 'TLS',
        message: expect.stringMatching(/cannot read key=.*nope\.key/),
      });
    });

    test('a key that does not belong to the certificate is a TLS error before connecting', async () => {
      const c = theCerts();
      await expect(openBoard(tlsSpec(far.ser2net.port, { key: c.bobKey }))).rejects.toMatchObject({
        code: 'TLS',
        message: expect.stringMatching(/cannot use ca=.*cert=.*client\.crt, key=.*bob\.key: .*mismatch/),
      });
    });

    test('after the refusals the right certificate still gets the board', async () => {
      const board = await openBoard(tlsSpec(far.ser2net.port));
      try {
        expect((await board.heartbeat(9)).token).toBe(9);
        // one client at a time: a second, with a good certificate, is turned away
        await expect(openBoard(tlsSpec(far.ser2net.port))).rejects.toMatchObject({ code: 'DISCONNECTED' });
        expect((await board.heartbeat(10)).token).toBe(10);
      } finally {
        await board.close();
      }
    });
  });
});
