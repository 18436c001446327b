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
  ])('%s', (spec, expected) => {
    expect(parseBoardSpec(spec)).toEqual(expected);
  });

  test.each(['', 'usb:1', 'serial:', 'serial:/dev/x@12345', 'hid:zz:1', 'hid:10c4', 'tcp://host', 'tcp://h:70000', 'sim:', 'sim:a=1,,b=2'])(
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

  test('openBoard rejects (never throws) on a bad spec', async () => {
    const p = openBoard('bogus');
    expect(p).toBeInstanceOf(Promise);
    await expect(p).rejects.toMatchObject({ code: 'BAD_SPEC' });
  });
});
