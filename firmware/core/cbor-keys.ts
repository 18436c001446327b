/**
 * Constant CBOR text items (head + bytes) encoded once, at boot, into one Uint8Array and written
 * with `CborWriterCore.raw`: one native copy per key, where `CborWriterCore.text` costs interpreted
 * statements per character on Espruino (the fixed map keys of status and configGet, and their
 * fixed text values).
 */
import { CborWriterCore } from '../../protocol/cbor/writer-core';

export class CborKeys {
  readonly bytes: Uint8Array;
  /** Item i is bytes[ends[i], ends[i + 1]). */
  readonly ends: Uint16Array;

  constructor(texts: string[]) {
    let cap = 0;
    for (let i = 0; i < texts.length; i++) cap += 3 + 3 * texts[i].length;
    const w = new CborWriterCore(new Uint8Array(cap));
    this.ends = new Uint16Array(texts.length + 1);
    for (let i = 0; i < texts.length; i++) {
      w.text(texts[i]);
      this.ends[i + 1] = w.length;
    }
    this.bytes = w.copy();
  }

  /** Writes item i. */
  write(w: CborWriterCore, i: number): boolean {
    return w.raw(this.bytes, this.ends[i], this.ends[i + 1]);
  }
}
