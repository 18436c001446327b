/** COBS (known vectors from Cheshire & Baker / Wikipedia, incl. 254/255-byte runs) and CRC-16. */
import {
  cobsDecode,
  cobsDecodeInto,
  cobsEncode,
  cobsEncodeInto,
  cobsMaxEncodedLength,
  CobsError,
  crc16,
  crc16Update,
  CRC16_CHECK,
  CRC16_INIT,
  CRC16_NAME,
  isProtocolError,
} from '../../protocol';
import { fromHex, hex } from './helpers';

function seq(from: number, to: number): string {
  let s = '';
  for (let i = from; i <= to; i++) s += i.toString(16).padStart(2, '0');
  return s;
}

/** [name, decoded hex, encoded hex (no delimiter)] */
const COBS_VECTORS: [string, string, string][] = [
  ['empty', '', '01'],
  ['one zero', '00', '0101'],
  ['two zeros', '0000', '010101'],
  ['zero, byte, zero', '001100', '01021101'],
  ['zero in the middle', '11220033', '0311220233'],
  ['no zeros', '11223344', '0511223344'],
  ['trailing zeros', '11000000', '0211010101'],
  ['254 non-zero bytes: one full block, no trailing code', seq(0x01, 0xfe), 'ff' + seq(0x01, 0xfe)],
  ['zero then 254 non-zero bytes', '00' + seq(0x01, 0xfe), '01ff' + seq(0x01, 0xfe)],
  ['255 non-zero bytes', seq(0x01, 0xff), 'ff' + seq(0x01, 0xfe) + '02ff'],
  ['254 non-zero bytes then a zero', seq(0x02, 0xff) + '00', 'ff' + seq(0x02, 0xff) + '0101'],
  ['253 non-zero, zero, one', seq(0x03, 0xff) + '0001', 'fe' + seq(0x03, 0xff) + '0201'],
];

describe('COBS', () => {
  it.each(COBS_VECTORS)('%s: encodes', (_n, dec, enc) => {
    expect(hex(cobsEncode(fromHex(dec)))).toBe(enc);
  });
  it.each(COBS_VECTORS)('%s: decodes', (_n, dec, enc) => {
    expect(hex(cobsDecode(fromHex(enc)))).toBe(dec);
  });

  it('round-trips every length 0..600 of random bytes with and without zeros, within the bound', () => {
    let s = 12345;
    const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let n = 0; n <= 600; n++) {
      for (const zeroRate of [0, 0.05, 0.5]) {
        const src = new Uint8Array(n);
        for (let i = 0; i < n; i++) src[i] = rnd() < zeroRate ? 0 : 1 + Math.floor(rnd() * 255);
        const enc = cobsEncode(src);
        expect(enc.length).toBeLessThanOrEqual(cobsMaxEncodedLength(n));
        expect(enc.includes(0)).toBe(false);
        expect(hex(cobsDecode(enc))).toBe(hex(src));
      }
    }
  });

  it('Into variants report a small output buffer instead of writing past it', () => {
    const src = fromHex('11223344');
    for (let cap = 0; cap < 5; cap++) expect(cobsEncodeInto(src, 4, new Uint8Array(cap))).toBe(CobsError.OVERFLOW);
    expect(cobsEncodeInto(src, 4, new Uint8Array(5))).toBe(5);
    const enc = fromHex('0311220233');
    expect(cobsDecodeInto(enc, 5, new Uint8Array(3))).toBe(CobsError.OVERFLOW);
    expect(cobsDecodeInto(enc, 5, new Uint8Array(4))).toBe(4);
  });

  it('rejects a zero inside and a code byte past the end', () => {
    expect(cobsDecodeInto(fromHex('031100'), 3, new Uint8Array(8))).toBe(CobsError.ZERO_BYTE);
    expect(cobsDecodeInto(fromHex('00'), 1, new Uint8Array(8))).toBe(CobsError.ZERO_BYTE);
    expect(cobsDecodeInto(fromHex('0511'), 2, new Uint8Array(8))).toBe(CobsError.TRUNCATED);
    let caught: unknown;
    try {
      cobsDecode(fromHex('0511'));
    } catch (err) {
      caught = err;
    }
    expect(isProtocolError(caught, 'FRAME_COBS')).toBe(true);
  });
});

describe('CRC-16', () => {
  it('is CRC-16/CCITT-FALSE with check value 0x29B1', () => {
    expect(CRC16_NAME).toBe('CRC-16/CCITT-FALSE');
    expect(CRC16_CHECK).toBe(0x29b1);
    expect(crc16(new TextEncoder().encode('123456789'))).toBe(0x29b1);
  });

  it('matches a bitwise reference on random data, including ranges and continuation', () => {
    const bitwise = (b: Uint8Array) => {
      let c = 0xffff;
      for (const x of b) {
        c ^= x << 8;
        for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
      }
      return c;
    };
    const data = new Uint8Array(300).map((_, i) => (i * 37 + 11) & 0xff);
    for (let n = 0; n < 300; n += 7) expect(crc16(data.subarray(0, n))).toBe(bitwise(data.subarray(0, n)));
    expect(crc16(data, 10, 50)).toBe(bitwise(data.subarray(10, 50)));
    expect(crc16Update(crc16Update(CRC16_INIT, data, 0, 100), data, 100, 300)).toBe(crc16(data));
    expect(crc16(new Uint8Array(0))).toBe(0xffff);
  });
});
