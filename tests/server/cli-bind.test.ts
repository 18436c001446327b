/** `nucleon serve --host 0.0.0.0` without a token must refuse to start, as a real process. */
import * as net from 'net';
import { runCli } from './helpers';

describe('nucleon serve bind policy (real CLI process)', () => {
  test('--host 0.0.0.0 without --token refuses to start with a clear message and listens on nothing', async () => {
    // A port that was free a moment ago: after the refusal, nothing may be listening on it.
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const r = await runCli(['serve', '--board', 'sim', '--host', '0.0.0.0', '--port', String(port)], { NUCLEON_TOKEN: '' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without --token/);
    expect(r.stderr).toMatch(/Authorization: Bearer/);
    expect(r.stdout).not.toMatch(/listening/);
    const connected = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1');
      c.once('connect', () => {
        c.destroy();
        resolve(true);
      });
      c.once('error', () => resolve(false));
    });
    expect(connected).toBe(false);
  });

  test('a token that is too short is refused too', async () => {
    const r = await runCli(['serve', '--host', '0.0.0.0', '--token', 'short']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--token must be at least 16 characters/);
  });

  test('a blank token (sixteen spaces) is refused at start (issue 14)', async () => {
    const r = await runCli(['serve', '--host', '0.0.0.0', '--token', ' '.repeat(16)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--token is blank \(only whitespace\)/);
    expect(r.stdout).not.toMatch(/listening/);
  });

  test('bad options are usage errors naming the option', async () => {
    const r = await runCli(['serve', '--x-policy', 'maybe']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--x-policy must be clamp or strict/);
  });
});

describe('nucleon serve startup', () => {
  test('a board that cannot be opened stops the server from starting, naming the board', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const r = await runCli(['serve', '--board', `tcp://127.0.0.1:${port}`, '--port', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`board b0 \\(tcp://127\\.0\\.0\\.1:${port}\\) could not be opened`));
    expect(r.stdout).not.toMatch(/listening/);
  });
});
