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

/**
 * Bytes of any data Espruino's write/send accept: a string, a number, a typed array or
 * ArrayBuffer (from any realm: the firmware's live in the vm context), or an array of those.
 */
export function bytesOfData(data: unknown): Uint8Array {
  if (typeof data === 'string') return bytesOfString(data);
  if (typeof data === 'number') return Uint8Array.of(data & 0xff);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  if (data instanceof ArrayBuffer || Object.prototype.toString.call(data) === '[object ArrayBuffer]') return new Uint8Array((data as ArrayBuffer).slice(0));
  if (Array.isArray(data)) {
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
