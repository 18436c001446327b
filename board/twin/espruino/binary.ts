/** Espruino's binary strings (one char per byte) and the data forms its APIs accept. */

/** Bytes of a binary string. */
export function bytesOfString(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** A binary string of bytes. */
export function stringOfBytes(bytes: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    const end = Math.min(bytes.length, i + 4096);
    const chunk: number[] = [];
    for (let k = i; k < end; k++) chunk.push(bytes[k] & 0xff);
    s += String.fromCharCode.apply(null, chunk);
  }
  return s;
}

function isArrayBuffer(data: unknown): data is ArrayBuffer {
  return data instanceof ArrayBuffer || Object.prototype.toString.call(data) === '[object ArrayBuffer]';
}

/**
 * A view of this realm onto the bytes of a typed array or DataView from any realm (the
 * firmware's live in the vm context). No copy. Going through a view of our own realm also
 * avoids `buffer.slice` on a foreign ArrayBuffer, whose species lookup made it the costliest
 * line of a DAC write.
 */
function viewOfView(data: ArrayBufferView): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function copyOf(view: Uint8Array): Uint8Array {
  const out = new Uint8Array(view.length);
  out.set(view);
  return out;
}

/**
 * Bytes of any data Espruino's write/send accept: a string, a number, a typed array or
 * ArrayBuffer (from any realm), or an array of those. Always a fresh copy the caller owns.
 */
export function bytesOfData(data: unknown): Uint8Array {
  if (typeof data === 'string') return bytesOfString(data);
  if (typeof data === 'number') return Uint8Array.of(data & 0xff);
  if (ArrayBuffer.isView(data)) return copyOf(viewOfView(data));
  if (isArrayBuffer(data)) return copyOf(new Uint8Array(data));
  if (Array.isArray(data)) {
    if (data.length === 1) return bytesOfData(data[0]);
    const parts = data.map(bytesOfData);
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
  return new Uint8Array(0);
}

/**
 * The same bytes as `bytesOfData`, but a typed array or ArrayBuffer (alone, or the only item of
 * an argument list) comes back as a view onto the program's own memory, not a copy. For a
 * consumer that is done with the bytes before it returns (a DAC word latched, a link that copies
 * what it queues); anything that keeps them must use bytesOfData.
 */
export function viewOfData(data: unknown): Uint8Array {
  const one = Array.isArray(data) && data.length === 1 ? (data[0] as unknown) : data;
  if (ArrayBuffer.isView(one)) return viewOfView(one);
  if (isArrayBuffer(one)) return new Uint8Array(one);
  return bytesOfData(one);
}
