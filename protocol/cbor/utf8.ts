/**
 * UTF-8 without TextEncoder/TextDecoder (absent on Espruino). Encoding turns a lone surrogate
 * into U+FFFD, as TextEncoder does; decoding is strict (no overlong forms, no surrogates, nothing
 * above U+10FFFF) and reports failure instead of substituting.
 */

/** Bytes that `utf8Write` will produce for s. */
export function utf8Length(s: string): number {
  let n = 0;
  const len = s.length;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Writes s as UTF-8 at `offset` (the caller made room for utf8Length(s)); returns the new offset. */
export function utf8Write(s: string, buf: Uint8Array, offset: number): number {
  let o = offset;
  const len = s.length;
  for (let i = 0; i < len; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      buf[o++] = c;
      continue;
    }
    if (c < 0x800) {
      buf[o++] = 0xc0 | (c >> 6);
      buf[o++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = c <= 0xdbff && i + 1 < len ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        buf[o++] = 0xf0 | (c >> 18);
        buf[o++] = 0x80 | ((c >> 12) & 0x3f);
        buf[o++] = 0x80 | ((c >> 6) & 0x3f);
        buf[o++] = 0x80 | (c & 0x3f);
        continue;
      }
      c = 0xfffd;
    }
    buf[o++] = 0xe0 | (c >> 12);
    buf[o++] = 0x80 | ((c >> 6) & 0x3f);
    buf[o++] = 0x80 | (c & 0x3f);
  }
  return o;
}

/**
 * Decodes buf[start, end) as strict UTF-8. Returns null when it is not well-formed.
 */
export function utf8Read(buf: Uint8Array, start: number, end: number): string | null {
  let out = '';
  let i = start;
  while (i < end) {
    const b0 = buf[i];
    if (b0 < 0x80) {
      out += String.fromCharCode(b0);
      i++;
      continue;
    }
    let need: number;
    let cp: number;
    let min: number;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
      cp = b0 & 0x1f;
      min = 0x80;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      cp = b0 & 0x0f;
      min = 0x800;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      cp = b0 & 0x07;
      min = 0x10000;
    } else return null;
    if (i + need >= end) return null; // fewer than `need` continuation bytes remain
    for (let k = 1; k <= need; k++) {
      const b = buf[i + k];
      if ((b & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
    if (cp >= 0x10000) {
      const v = cp - 0x10000;
      out += String.fromCharCode(0xd800 + (v >> 10));
      out += String.fromCharCode(0xdc00 + (v & 0x3ff));
    } else out += String.fromCharCode(cp);
    i += need + 1;
  }
  return out;
}
