import { BoardStorage, storageCostBytes } from '../../board/twin/storage';
import { BoardLink } from '../../board/twin/link';
import { TwinError } from '../../board/twin/errors';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('BoardStorage', () => {
  it('reads, writes, replaces, erases and lists like Espruino Storage', () => {
    const s = new BoardStorage(1024);
    expect(s.read('cal0')).toBeUndefined();
    expect(s.write('cal0', 'abc')).toBe(true);
    expect(s.write('b', '\x00\xff')).toBe(true);
    expect(s.read('cal0')).toBe('abc');
    expect(s.list()).toEqual(['b', 'cal0']);
    expect(s.freeBytes()).toBe(1024 - 36 - 36);
    s.write('cal0', 'x'.repeat(10));
    expect(s.freeBytes()).toBe(1024 - storageCostBytes('x'.repeat(10)) - 36);
    s.erase('cal0');
    s.erase('nothing');
    expect(s.list()).toEqual(['b']);
    expect(s.freeBytes()).toBe(1024 - 36);
  });

  it('refuses a write beyond the byte budget, keeping the old file', () => {
    const s = new BoardStorage(100);
    expect(s.write('a', 'x'.repeat(60))).toBe(true); // 32 + 60 = 92
    expect(s.write('b', '')).toBe(false); // 32 more does not fit
    expect(s.write('a', 'y'.repeat(69))).toBe(false); // 32 + 72 > 100
    expect(s.read('a')).toBe('x'.repeat(60));
    expect(s.write('a', 'y'.repeat(68))).toBe(true); // 32 + 68 = 100
  });

  it('rejects bad names and non-byte strings with TwinError', () => {
    const s = new BoardStorage(1000);
    expect(() => s.write('', 'a')).toThrow(TwinError);
    expect(() => s.write('x'.repeat(29), 'a')).toThrow(/1\.\.28/);
    expect(() => s.write('a', '\u0100')).toThrow(/not a byte/);
  });
});

describe('BoardLink', () => {
  async function pass(link: BoardLink, bytes: Uint8Array): Promise<Uint8Array> {
    const got: number[] = [];
    link.onBoardData((chunk) => got.push(...chunk));
    link.hostWrite(bytes);
    await tick();
    return Uint8Array.from(got);
  }

  const payload = Uint8Array.from({ length: 20000 }, (_, i) => (i * 37) & 0xff);

  it('delivers both directions asynchronously, in order, as a copy', async () => {
    const link = new BoardLink(1);
    const toBoard: number[] = [];
    const toHost: number[] = [];
    link.onBoardData((c) => toBoard.push(...c));
    link.onHostData((c) => toHost.push(...c));
    const buf = Uint8Array.from([1, 2, 3]);
    link.hostWrite(buf);
    buf[0] = 99;
    link.hostWrite(Uint8Array.from([4]));
    link.boardWrite(Uint8Array.from([9, 8]));
    expect(toBoard).toEqual([]);
    await tick();
    expect(toBoard).toEqual([1, 2, 3, 4]);
    expect(toHost).toEqual([9, 8]);
  });

  it('link-loss:P drops about P of the bytes, seeded and reproducible', async () => {
    const a = await pass(new BoardLink(5, { lossProbability: 0.02, corruptProbability: 0 }), payload);
    const b = await pass(new BoardLink(5, { lossProbability: 0.02, corruptProbability: 0 }), payload);
    const c = await pass(new BoardLink(6, { lossProbability: 0.02, corruptProbability: 0 }), payload);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const lost = payload.length - a.length;
    expect(lost).toBeGreaterThan(0.015 * payload.length);
    expect(lost).toBeLessThan(0.025 * payload.length);
  });

  it('link-corrupt:P flips exactly one bit in about P of the bytes, reproducibly', async () => {
    const link = new BoardLink(5, { lossProbability: 0, corruptProbability: 0.05 });
    const a = await pass(link, payload);
    const b = await pass(new BoardLink(5, { lossProbability: 0, corruptProbability: 0.05 }), payload);
    expect(a).toEqual(b);
    expect(a.length).toBe(payload.length);
    let changed = 0;
    for (let i = 0; i < a.length; i++) {
      const x = a[i] ^ payload[i];
      if (x !== 0) {
        changed++;
        expect(x & (x - 1)).toBe(0); // a single bit
      }
    }
    expect(changed).toBe(link.stats.toBoard.bytesCorrupted);
    expect(changed / payload.length).toBeGreaterThan(0.04);
    expect(changed / payload.length).toBeLessThan(0.06);
  });

  it('a closed link delivers nothing', async () => {
    const link = new BoardLink(1);
    const got: number[] = [];
    link.onBoardData((c) => got.push(...c));
    link.hostWrite(Uint8Array.from([1]));
    link.close();
    await tick();
    expect(got).toEqual([]);
  });
});
