/**
 * Flash `Storage` as Espruino's module sees it: named binary strings (chars 0..255) in a flash
 * area of `bytes`. Each file costs a 32-byte header (size + 28-char name) plus its data rounded
 * up to 4 bytes, as in Espruino 2v0x; names are 1..28 chars. `write` replaces a file and
 * returns false (writing nothing) when it would not fit; erasing frees the space (the twin
 * compacts at once).
 */
import type { TwinStorage } from './twin-api';
import { TwinError } from './errors';

export const STORAGE_HEADER_BYTES = 32;
export const STORAGE_MAX_NAME_CHARS = 28;

export function storageCostBytes(data: string): number {
  return STORAGE_HEADER_BYTES + Math.ceil(data.length / 4) * 4;
}

export class BoardStorage implements TwinStorage {
  readonly totalBytes: number;
  private readonly files = new Map<string, string>();
  private usedBytes = 0;

  constructor(totalBytes: number) {
    this.totalBytes = totalBytes;
  }

  read(name: string): string | undefined {
    return this.files.get(name);
  }

  write(name: string, data: string): boolean {
    checkName(name);
    if (typeof data !== 'string') throw new TypeError(`Storage.write(${name}): data must be a string`);
    for (let i = 0; i < data.length; i++) {
      if (data.charCodeAt(i) > 255) throw new TwinError('BAD_VALUE', `Storage.write(${name}): char ${i} is not a byte (code ${data.charCodeAt(i)}); Storage holds binary strings`);
    }
    const old = this.files.get(name);
    const freed = old === undefined ? 0 : storageCostBytes(old);
    const needed = storageCostBytes(data);
    if (this.usedBytes - freed + needed > this.totalBytes) return false;
    this.usedBytes += needed - freed;
    this.files.set(name, data);
    return true;
  }

  erase(name: string): void {
    const old = this.files.get(name);
    if (old === undefined) return;
    this.usedBytes -= storageCostBytes(old);
    this.files.delete(name);
  }

  list(): string[] {
    return [...this.files.keys()].sort();
  }

  freeBytes(): number {
    return this.totalBytes - this.usedBytes;
  }

  saveState(): { [name: string]: string } {
    const out: { [name: string]: string } = {};
    for (const name of this.list()) out[name] = this.files.get(name) as string;
    return out;
  }

  loadState(files: { [name: string]: string }): void {
    this.files.clear();
    this.usedBytes = 0;
    for (const name of Object.keys(files)) {
      if (!this.write(name, files[name])) throw new TwinError('BAD_STATE_FILE', `Storage file ${name} does not fit in ${this.totalBytes} bytes`);
    }
  }
}

function checkName(name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > STORAGE_MAX_NAME_CHARS) {
    throw new TwinError('BAD_VALUE', `Storage file name must be 1..${STORAGE_MAX_NAME_CHARS} chars, got ${JSON.stringify(name)}`);
  }
}
