/**
 * A program's data as JSON, and back into the same program booted afresh. Starting from root
 * objects, every own data property is walked in insertion order (the same code builds the same
 * shape): numbers, strings and booleans are stored as they are, typed arrays and buffers as
 * their bytes (base64: exact for every float), arrays and the program's own objects as nested
 * values, an object met twice as a reference to where it was first met. Functions and objects
 * of another realm (the Espruino surface: USB, SPI1, Storage) are not the program's data and
 * stay as the fresh boot made them. Restoring writes values into the fresh objects in place,
 * so the references between them (and the program's closures) stay as they are.
 */
import { TwinError } from '../errors';

export type HeapValue =
  | number
  | string
  | boolean
  | null
  | { num: 'NaN' | 'Infinity' | '-Infinity' | '-0' }
  | { undef: 1 }
  | { fn: 1 }
  | { ext: 1 }
  | { ta: string; b64: string }
  | { dv: string }
  | { ab: string }
  | { arr: HeapValue[] }
  | { obj: { [key: string]: HeapValue } }
  | { ref: string };

type Bag = { [key: string]: unknown };

function bytesOf(view: ArrayBufferView): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

function numberValue(n: number): HeapValue {
  if (Number.isNaN(n)) return { num: 'NaN' };
  if (n === Infinity) return { num: 'Infinity' };
  if (n === -Infinity) return { num: '-Infinity' };
  if (Object.is(n, -0)) return { num: '-0' };
  return n;
}

function isTag<K extends string>(v: HeapValue, key: K): v is Extract<HeapValue, { [P in K]: unknown }> {
  return typeof v === 'object' && v !== null && key in v;
}

/** Own enumerable data properties (accessors are the class's code, not data). */
function dataKeys(o: object): string[] {
  return Object.keys(o).filter((k) => {
    const d = Object.getOwnPropertyDescriptor(o, k);
    return d !== undefined && 'value' in d;
  });
}

export class HeapWalker {
  /**
   * `ownRealm(o)`: true for an object of the program's realm (its data), false for the
   * surface's objects. `realmGlobal(name)`: the program realm's constructor of that name
   * (to make a typed array the fresh boot has not made yet).
   */
  constructor(
    private readonly ownRealm: (o: object) => boolean,
    private readonly realmGlobal: (name: string) => unknown,
  ) {}

  capture(roots: readonly object[]): HeapValue[] {
    const seen = new Map<object, string>();
    return roots.map((r, i) => this.captureValue(r, `$${i}`, seen));
  }

  restore(roots: readonly object[], saved: readonly HeapValue[]): void {
    if (roots.length !== saved.length) throw this.mismatch('$', `${saved.length} root objects saved, ${roots.length} found`);
    const seen = new Map<string, object>();
    roots.forEach((r, i) => {
      const v = saved[i];
      if (isTag(v, 'obj')) this.restoreInto(r as Bag, v.obj, `$${i}`, seen);
      else if (isTag(v, 'arr') && Array.isArray(r)) this.restoreArray(r, v.arr, `$${i}`, seen);
      else if (!isTag(v, 'fn') && !isTag(v, 'ext')) throw this.mismatch(`$${i}`, 'a root object was saved as something else');
      seen.set(`$${i}`, r);
    });
  }

  private captureValue(v: unknown, path: string, seen: Map<object, string>): HeapValue {
    if (v === null) return null;
    switch (typeof v) {
      case 'number':
        return numberValue(v);
      case 'string':
      case 'boolean':
        return v;
      case 'undefined':
        return { undef: 1 };
      case 'function':
        return { fn: 1 };
      case 'object':
        break;
      default:
        throw new TwinError('BAD_ARGUMENT', `program state ${path}: a ${typeof v} cannot be saved`);
    }
    const o = v as object;
    const first = seen.get(o);
    if (first !== undefined) return { ref: first };
    const view = ArrayBuffer.isView(o) || Object.prototype.toString.call(o) === '[object ArrayBuffer]';
    if (!view && !this.ownRealm(o)) return { ext: 1 };
    seen.set(o, path);
    if (ArrayBuffer.isView(o)) {
      const b64 = bytesOf(o).toString('base64');
      if (o instanceof DataView || Object.prototype.toString.call(o) === '[object DataView]') return { dv: b64 };
      return { ta: (o as unknown as { constructor: { name: string } }).constructor.name, b64 };
    }
    if (Object.prototype.toString.call(o) === '[object ArrayBuffer]') return { ab: Buffer.from(o as ArrayBuffer).toString('base64') };
    if (Array.isArray(o)) return { arr: o.map((x, i) => this.captureValue(x, `${path}[${i}]`, seen)) };
    const out: { [key: string]: HeapValue } = {};
    for (const k of dataKeys(o)) out[k] = this.captureValue((o as Bag)[k], `${path}.${k}`, seen);
    return { obj: out };
  }

  private mismatch(path: string, why: string): TwinError {
    return new TwinError('BAD_ARGUMENT', `program state ${path}: ${why}; the state was saved from another firmware build or at another point of its life`);
  }

  /** The value to store at `path` given the fresh one there (in-place for views and containers). */
  private restoreValue(fresh: unknown, v: HeapValue, path: string, seen: Map<string, object>): unknown {
    if (v === null || typeof v !== 'object') return v;
    if (isTag(v, 'num')) return v.num === '-0' ? -0 : Number(v.num);
    if (isTag(v, 'undef')) return undefined;
    if (isTag(v, 'fn') || isTag(v, 'ext')) return fresh;
    if (isTag(v, 'ref')) {
      const target = seen.get(v.ref);
      if (target === undefined) throw this.mismatch(path, `refers to ${v.ref}, which was not restored`);
      return target;
    }
    if (isTag(v, 'ta') || isTag(v, 'dv')) {
      const bytes = Buffer.from(isTag(v, 'ta') ? v.b64 : v.dv, 'base64');
      let view = fresh;
      if (!ArrayBuffer.isView(view) || view.byteLength !== bytes.length) {
        if (!isTag(v, 'ta')) throw this.mismatch(path, 'a DataView of another size');
        const Ctor = this.realmGlobal(v.ta) as new (n: number) => ArrayBufferView;
        if (typeof Ctor !== 'function') throw this.mismatch(path, `no ${v.ta} in the program's realm`);
        const probe = new Ctor(0) as unknown as { BYTES_PER_ELEMENT: number };
        view = new Ctor(bytes.length / probe.BYTES_PER_ELEMENT);
      }
      bytesOf(view as ArrayBufferView).set(bytes);
      seen.set(path, view as object);
      return view;
    }
    if (isTag(v, 'ab')) {
      const bytes = Buffer.from(v.ab, 'base64');
      if (Object.prototype.toString.call(fresh) !== '[object ArrayBuffer]' || (fresh as ArrayBuffer).byteLength !== bytes.length) throw this.mismatch(path, 'an ArrayBuffer of another size');
      new Uint8Array(fresh as ArrayBuffer).set(bytes);
      seen.set(path, fresh as object);
      return fresh;
    }
    if (isTag(v, 'arr')) {
      if (!Array.isArray(fresh)) throw this.mismatch(path, 'an array where the fresh program has none');
      this.restoreArray(fresh, v.arr, path, seen);
      seen.set(path, fresh);
      return fresh;
    }
    if (typeof fresh !== 'object' || fresh === null) throw this.mismatch(path, 'an object where the fresh program has none');
    this.restoreInto(fresh as Bag, v.obj, path, seen);
    seen.set(path, fresh);
    return fresh;
  }

  private restoreArray(fresh: unknown[], saved: HeapValue[], path: string, seen: Map<string, object>): void {
    // the array itself is registered first: its elements may refer back to it
    seen.set(path, fresh);
    for (let i = 0; i < saved.length; i++) fresh[i] = this.restoreValue(fresh[i], saved[i], `${path}[${i}]`, seen);
    fresh.length = saved.length;
  }

  private restoreInto(fresh: Bag, saved: { [key: string]: HeapValue }, path: string, seen: Map<string, object>): void {
    seen.set(path, fresh);
    for (const k of Object.keys(saved)) {
      const next = this.restoreValue(fresh[k], saved[k], `${path}.${k}`, seen);
      if (!Object.is(fresh[k], next)) fresh[k] = next;
    }
  }
}
