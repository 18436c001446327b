import { checkBindPolicy, isLoopbackHost } from '../../host/server/bind-policy';
import { BearerAuth } from '../../host/server/auth';

describe('bind policy', () => {
  test.each(['127.0.0.1', '127.3.2.1', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])('%s is loopback', (h) => {
    expect(isLoopbackHost(h)).toBe(true);
  });
  test.each(['0.0.0.0', '::', '10.0.0.1', '192.168.1.2', 'example.org', '::ffff:10.0.0.1', '128.0.0.1'])('%s is not', (h) => {
    expect(isLoopbackHost(h)).toBe(false);
  });

  test('any other address without a token is refused with a message that says what to do', () => {
    expect(() => checkBindPolicy('0.0.0.0', undefined)).toThrow(/refusing to listen on 0\.0\.0\.0 without --token/);
    expect(() => checkBindPolicy('0.0.0.0', 'x'.repeat(16))).not.toThrow();
    expect(() => checkBindPolicy('127.0.0.1', undefined)).not.toThrow();
    expect(() => checkBindPolicy('127.0.0.1', 'short')).toThrow(/at least 16/);
  });
});

describe('a --token of sixteen spaces starts a server (issue 14)', () => {
  test.each([
    ['sixteen spaces', ' '.repeat(16), /--token is blank \(only whitespace\)/],
    ['tabs and newlines', '\t\n'.repeat(10), /--token is blank/],
    ['a token with a blank inside', 'abcdefgh ijklmnopq', /--token holds whitespace or characters outside printable ASCII/],
    ['a token with non-ASCII characters', 'ßßßßßßßßßßßßßßßßß', /--token holds whitespace or characters outside printable ASCII/],
  ])('%s is refused at start, like a short token', (_name, token, message) => {
    expect(() => checkBindPolicy('0.0.0.0', token)).toThrow(message);
    expect(() => checkBindPolicy('127.0.0.1', token)).toThrow(expect.objectContaining({ code: 'INSECURE_BIND', field: 'token' }));
  });
});

describe('BearerAuth', () => {
  const auth = new BearerAuth('s3cret-token-0123456789');
  test('accepts the token and refuses everything else with UNAUTHORIZED', () => {
    expect(() => auth.check('Bearer s3cret-token-0123456789')).not.toThrow();
    expect(() => auth.check('bearer s3cret-token-0123456789')).not.toThrow();
    for (const bad of [undefined, '', 'Basic abc', 'Bearer', 'Bearer s3cret-token-012345678', 'Bearer s3cret-token-0123456789x']) {
      expect(() => auth.check(bad)).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED', status: 401 }));
    }
  });
});
