/**
 * The data forms Espruino's write/send accept, as the surface turns them into bytes: from this
 * realm and from the firmware's vm realm, copies (bytesOfData) and views (viewOfData).
 */
import * as vm from 'vm';
import { bytesOfData, bytesOfString, stringOfBytes, viewOfData } from '../../board/twin/espruino/binary';

const realm = vm.createContext({});
/** A Uint8Array made inside another realm, as the firmware's are. */
function foreignU8(bytes: number[]): Uint8Array {
  return vm.runInContext(`new Uint8Array(${JSON.stringify(bytes)})`, realm) as Uint8Array;
}

describe('bytesOfData', () => {
  it('strings, numbers, typed arrays, ArrayBuffers and argument lists, concatenated in order', () => {
    expect(Array.from(bytesOfData('A\xff'))).toEqual([0x41, 0xff]);
    expect(Array.from(bytesOfData(0x1ff))).toEqual([0xff]);
    expect(Array.from(bytesOfData(new Uint8Array([1, 2, 3])))).toEqual([1, 2, 3]);
    expect(Array.from(bytesOfData(new Uint8Array([9, 8]).buffer))).toEqual([9, 8]);
    expect(Array.from(bytesOfData(['a', 2, new Uint8Array([3, 4])]))).toEqual([0x61, 2, 3, 4]);
    expect(Array.from(bytesOfData([new Uint8Array([5])]))).toEqual([5]);
    expect(bytesOfData({}).length).toBe(0);
  });

  it('a subarray from another realm gives exactly its bytes, as a copy', () => {
    const big = foreignU8([10, 11, 12, 13, 14, 15]);
    const sub = big.subarray(2, 5);
    const out = bytesOfData([sub]);
    expect(Array.from(out)).toEqual([12, 13, 14]);
    big[3] = 99;
    expect(out[1]).toBe(13); // not aliased
    const fromBuffer = bytesOfData(vm.runInContext('new Uint8Array([7, 6]).buffer', realm));
    expect(Array.from(fromBuffer)).toEqual([7, 6]);
  });

  it('binary strings round-trip', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(Array.from(bytesOfString(stringOfBytes(bytes)))).toEqual(Array.from(bytes));
  });
});

describe('viewOfData', () => {
  it('one typed array (alone or as the only argument) comes back as a view of the same memory', () => {
    const big = foreignU8([1, 2, 3, 4, 5]);
    const sub = big.subarray(1, 3);
    const v = viewOfData([sub]);
    expect(Array.from(v)).toEqual([2, 3]);
    expect(v).toBeInstanceOf(Uint8Array); // this realm's Uint8Array
    big[1] = 42;
    expect(v[0]).toBe(42); // a view, no copy
    expect(Array.from(viewOfData(sub))).toEqual([42, 3]);
  });

  it('everything else gives the same bytes as bytesOfData', () => {
    for (const data of ['xy', 300, [new Uint8Array([1]), 'z'], [], [1, 2]]) {
      expect(Array.from(viewOfData(data))).toEqual(Array.from(bytesOfData(data)));
    }
  });
});
