/**
 * Espruino's `require("Storage").write(name, data, offset, size)` on the twin's Storage, with
 * the semantics of the interpreter's jsfWriteFile (src/jsflash.c, 2v29) — what the espruino
 * CLI's flash upload relies on (`write(".bootcde", chunk, 0, total)`, then
 * `write(".bootcde", chunk, offset)` for the rest):
 *  - `size` 0 or missing means the data's length;
 *  - at offset 0 a new file of `size` bytes is created, erased (0xFF), unless a file of that
 *    size exists and is still erased (then the data goes into it); a whole-file write equal to
 *    what is stored changes nothing;
 *  - at an offset > 0 the file must exist, the data must fit inside its size, and the bytes it
 *    covers must still be erased (flash bits only clear): otherwise an Error with Espruino's
 *    message, as `Uncaught Error: …` on a board.
 * A file that is never filled keeps its 0xFF bytes, as on a board.
 */
import type { TwinStorage } from '../twin-api';
import { bytesOfData, stringOfBytes } from './binary';

export const ERASED = '\xff';

/** Espruino's `Error` messages of Storage.write. */
export const STORAGE_ERRORS = {
  create: 'Unable to find or create file',
  tooMuch: 'Too much data for file size',
  written: 'File already written with different data',
} as const;

function isErased(file: string, from: number, length: number): boolean {
  for (let i = from; i < from + length; i++) if (file.charCodeAt(i) !== 0xff) return false;
  return true;
}

/** Data as Espruino's JSV_GET_AS_CHAR_ARRAY takes it: a string as is, anything else as its bytes. */
export function storageData(data: unknown): string {
  return typeof data === 'string' ? data : stringOfBytes(bytesOfData(data));
}

/** Storage.write with offset/size; true when written, throws Espruino's Error otherwise. */
export function storageWrite(storage: TwinStorage, name: string, data: unknown, offset?: unknown, size?: unknown): boolean {
  const text = storageData(data);
  const at = offset === undefined ? 0 : Math.floor(Number(offset));
  let total = size === undefined ? 0 : Math.floor(Number(size));
  if (!(at >= 0) || !(total >= 0)) return false;
  if (total === 0) total = text.length;
  let file = storage.read(name);
  if (at === 0 && (file === undefined || file.length !== total || !isErased(file, 0, total))) {
    if (file !== undefined && file.length === total && text.length === total && file === text) return true;
    // the old file goes first (Espruino marks it replaced before it looks for space)
    storage.erase(name);
    file = ERASED.repeat(total);
    if (!storage.write(name, file)) throw new Error(STORAGE_ERRORS.create);
  }
  if (file === undefined) throw new Error(STORAGE_ERRORS.create);
  if (at + text.length > file.length) throw new Error(STORAGE_ERRORS.tooMuch);
  if (!isErased(file, at, text.length)) throw new Error(STORAGE_ERRORS.written);
  if (text.length === 0) return true;
  storage.write(name, file.slice(0, at) + text + file.slice(at + text.length));
  return true;
}
