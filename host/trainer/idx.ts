/**
 * IDX files (the MNIST container): big-endian magic 0x0000 TT DD (TT = 0x08 unsigned byte,
 * DD = number of dimensions), DD big-endian uint32 sizes, then the data. Gzipped files
 * (magic 1f 8b) are inflated first. Only unsigned-byte data is accepted (MNIST and its
 * clones use nothing else).
 */
import * as fs from 'fs';
import * as zlib from 'zlib';
import { TrainerError } from './errors';

export interface IdxArray {
  /** Sizes, outermost first: [count] for labels, [count, rows, cols] for images. */
  dims: number[];
  data: Uint8Array;
}

const UBYTE = 0x08;

/** Parses IDX bytes. `name` is used in error messages (a file path). */
export function parseIdx(bytes: Uint8Array, name: string, expectDims: number): IdxArray {
  let raw = bytes;
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      raw = zlib.gunzipSync(raw);
    } catch (err) {
      throw new TrainerError('DATA_MALFORMED', `${name}: gzip data is corrupt (${(err as Error).message})`);
    }
  }
  if (raw.length < 4) {
    throw new TrainerError('DATA_MALFORMED', `${name}: ${raw.length} bytes, too short for an IDX header (expected at least 4)`);
  }
  const magic = ((raw[0] << 24) | (raw[1] << 16) | (raw[2] << 8) | raw[3]) >>> 0;
  const expectedMagic = (UBYTE << 8) | expectDims;
  if (raw[0] !== 0 || raw[1] !== 0 || raw[2] !== UBYTE || raw[3] !== expectDims) {
    throw new TrainerError(
      'DATA_MALFORMED',
      `${name}: bad IDX magic 0x${magic.toString(16).padStart(8, '0')}, expected 0x${expectedMagic
        .toString(16)
        .padStart(8, '0')} (unsigned bytes, ${expectDims} dimension${expectDims > 1 ? 's' : ''})`,
    );
  }
  const headerBytes = 4 + 4 * expectDims;
  if (raw.length < headerBytes) {
    throw new TrainerError('DATA_MALFORMED', `${name}: header truncated: ${raw.length} bytes, expected ${headerBytes}`);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const dims: number[] = [];
  let total = 1;
  for (let d = 0; d < expectDims; d++) {
    const size = view.getUint32(4 + 4 * d, false);
    dims.push(size);
    total *= size;
  }
  const have = raw.length - headerBytes;
  if (have !== total) {
    throw new TrainerError(
      'DATA_MALFORMED',
      `${name}: dimensions ${dims.join('×')} need ${total} data bytes, file has ${have}`,
    );
  }
  return { dims, data: raw.subarray(headerBytes) };
}

/** Reads and parses one IDX file; a missing or unreadable file is a DATA_MISSING error. */
export function readIdxFile(file: string, expectDims: number): IdxArray {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new TrainerError('DATA_MISSING', `${file}: cannot read (${e.code ?? e.message})`);
  }
  return parseIdx(bytes, file, expectDims);
}

/** Encodes an IDX unsigned-byte array (tests, and tools that write small sets). */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out[2] = UBYTE;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
