import { parseBoardSpec, SPEC_FORMS } from '../../host/transport/spec';
import { openBoard } from '../../host';
import { NucleonError } from '../../host/errors';

describe('board specs', () => {
  test.each([
    ['sim', { kind: 'sim', simSpec: 'sim' }],
    ['sim:seed=7,lockinTauMs=3', { kind: 'sim', simSpec: 'sim:seed=7,lockinTauMs=3' }],
    ['sim:7', { kind: 'sim', simSpec: 'sim:7' }],
    ['serial:/dev/ttyACM0', { kind: 'serial', path: '/dev/ttyACM0', baudRate: 115200 }],
    ['serial:/dev/pts/4@921600', { kind: 'serial', path: '/dev/pts/4', baudRate: 921600 }],
    ['hid:10c4:ea80', { kind: 'hid', vendorId: 0x10c4, productId: 0xea80 }],
    ['hid:10C4:EA80:0001ABC', { kind: 'hid', vendorId: 0x10c4, productId: 0xea80, serialNumber: '0001ABC' }],
    ['tcp://127.0.0.1:7000', { kind: 'tcp', host: '127.0.0.1', port: 7000 }],
    ['tcp://[::1]:7000', { kind: 'tcp', host: '::1', port: 7000 }],
    ['tls://lab-pc:7000?ca=ca.crt&cert=me.crt&key=me.key', { kind: 'tls', host: 'lab-pc', port: 7000, ca: 'ca.crt', cert: 'me.crt', key: 'me.key' }],
    [
      'tls://10.0.0.5:7000?key=/k/me%26you.key&cert=/c/a+b.crt&ca=/ca/lab%20ca.crt&servername=board1.lab.example',
      { kind: 'tls', host: '10.0.0.5', port: 7000, ca: '/ca/lab ca.crt', cert: '/c/a+b.crt', key: '/k/me&you.key', servername: 'board1.lab.example' },
    ],
  ])('%s', (spec, expected) => {
    expect(parseBoardSpec(spec)).toEqual(expected);
  });

  test.each(['', 'usb:1', 'serial:', 'serial:/dev/x@12345', 'hid:zz:1', 'hid:10c4', 'tcp://host', 'tcp://h:70000', 'sim:', 'sim:a=1,,b=2', 'tls://h:1', 'tls://h?ca=a&cert=b&key=c', 'tcp://h:1?ca=a'])(
    'bad spec %j is BAD_SPEC listing the forms',
    (spec) => {
      let err: unknown;
      try {
        parseBoardSpec(spec);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NucleonError);
      expect((err as NucleonError).code).toBe('BAD_SPEC');
      for (const form of SPEC_FORMS) expect((err as NucleonError).message).toContain(form);
    },
  );

  test.each([
    ['tls://h:1', /tls:\/\/ needs ca=FILE, cert=FILE, key=FILE/],
    ['tls://h:1?ca=a&cert=b', /tls:\/\/ needs key=FILE/],
    ['tls://h:1?ca=a&cert=b&key=c&pin=d', /option "pin" is not one of ca, cert, key, servername/],
    ['tls://h:1?ca=a&ca=b&cert=b&key=c', /option ca is given twice/],
    ['tls://h:1?ca=&cert=b&key=c', /option ca needs a value \(ca=FILE\)/],
    ['tls://h:1?ca=%zz&cert=b&key=c', /option ca: bad percent-encoding/],
    ['tls://h:1?ca=a&cert=b&key=c&servername=127.0.0.1', /servername "127.0.0.1" is not a DNS name/],
    ['tls://h:1?ca=a&cert=b&key=c&servername=a b', /servername "a b" is not a DNS name/],
    ['tcp://h:1?ca=a', /tcp:\/\/ takes no options .*use tls:\/\//],
  ])('%j says what is wrong and what is allowed', (spec, why) => {
    expect(() => parseBoardSpec(spec)).toThrow(why);
    expect(() => parseBoardSpec(spec)).toThrow(/Use one of: .*tls:\/\/HOST:PORT\?ca=FILE&cert=FILE&key=FILE\[&servername=NAME\]/);
  });

  test('openBoard rejects (never throws) on a bad spec', async () => {
    const p = openBoard('bogus');
    expect(p).toBeInstanceOf(Promise);
    await expect(p).rejects.toMatchObject({ code: 'BAD_SPEC' });
  });
});
