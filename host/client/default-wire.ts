/**
 * The host's wire: CBOR by cbor-x (DESIGN §5), frames by the protocol package
 * (COBS ‖ CRC-16, 0x00-delimited, resynchronising FrameDecoder).
 * Non-integer numbers go out as float32 (the protocol's f32 fields); integers as integers.
 */
import { Decoder, Encoder, FLOAT32_OPTIONS } from 'cbor-x';
import { encodeFrame } from '../../protocol/frame';
import { FrameDecoder } from '../../protocol/frame-decoder';
import type { FrameSink, Wire } from './wire';

export function defaultWire(): Wire {
  const encoder = new Encoder({ useRecords: false, mapsAsObjects: true, useFloat32: FLOAT32_OPTIONS.ALWAYS, tagUint8Array: false });
  const decoder = new Decoder({ useRecords: false, mapsAsObjects: true, int64AsNumber: true } as ConstructorParameters<typeof Decoder>[0]);
  return {
    encode(message) {
      return encodeFrame(new Uint8Array(encoder.encode(message)));
    },
    decoder(onMessage, onFrameError): FrameSink {
      const frames = new FrameDecoder({
        onFrame(cbor) {
          let msg: unknown;
          try {
            msg = decoder.decode(cbor.slice());
          } catch (err) {
            onFrameError(`CBOR: ${String(err)}`);
            return;
          }
          onMessage(msg);
        },
        onError(_errorCode, code) {
          onFrameError(code);
        },
      });
      return { push: (bytes) => frames.push(bytes) };
    },
  };
}
