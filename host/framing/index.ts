/**
 * Host-side framing: a thin adapter from byte streams to protocol messages.
 * - FrameStream: Transform, bytes in → Message objects out; frame errors as 'frameError' events.
 * - hostEncodeMessage: a message (or its wire array) → frame bytes, via cbor-x + encodeFrame.
 * - hostDecodeFrame: one frame → Message, via decodeFrame + cbor-x.
 */
import { encodeFrame } from '../../protocol/frame';
import { messageToValue } from '../../protocol/messages';
import type { Message } from '../../protocol/messages';
import type { CborValue } from '../../protocol/cbor/value';
import { hostEncodeCbor } from './cbor-x-codec';

export { FrameStream, hostDecodeFrame } from './frame-stream';
export type { FrameStreamOptions } from './frame-stream';
export { hostEncodeCbor, hostDecodeCbor, allFloat32Exact } from './cbor-x-codec';

/** The frame (COBS(CBOR ‖ CRC) 0x00) of a message, CBOR by cbor-x. Throws FRAME_TOO_LARGE. */
export function hostEncodeMessage(msg: Message | readonly CborValue[]): Uint8Array {
  const value: CborValue[] = Array.isArray(msg) ? (msg as CborValue[]) : messageToValue(msg as Message);
  return encodeFrame(hostEncodeCbor(value));
}
