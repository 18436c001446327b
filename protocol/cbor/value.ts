/**
 * The values the allocating codec (cborEncode/cborDecode) carries. Maps are plain objects with
 * string keys (integer keys decode to their decimal string, like cbor-x `mapsAsObjects`).
 */
export type CborValue = number | boolean | null | string | Uint8Array | CborValue[] | CborMap;

export interface CborMap {
  [key: string]: CborValue;
}
