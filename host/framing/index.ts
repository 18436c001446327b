/**
 * Host-side framing helpers around cbor-x. The host's one receive path is the Board client's
 * wire (`host/client/default-wire.ts`): the protocol's FrameDecoder (COBS + CRC-32, capped,
 * resynchronising) with cbor-x for the CBOR inside each frame.
 * - hostEncodeMessage: a message (or its wire array) → frame bytes, via cbor-x + encodeFrame.
 */
import { encodeFrame } from '../../protocol/frame';
import { messageToValue } from '../../protocol/messages';
import type { Message } from '../../protocol/messages';
import type { CborValue } from '../../protocol/cbor/value';
import { hostEncodeCbor } from './cbor-x-codec';

export { hostEncodeCbor, hostDecodeCbor, allFloat32Exact } from './cbor-x-codec';

/** The frame (COBS(CBOR ‖ CRC) 0x00) of a message, CBOR by cbor-x. Throws FRAME_TOO_LARGE. */
export function hostEncodeMessage(msg: Message | readonly CborValue[]): Uint8Array {
  const value: CborValue[] = Array.isArray(msg) ? (msg as CborValue[]) : messageToValue(msg as Message);
  return encodeFrame(hostEncodeCbor(value));
}
