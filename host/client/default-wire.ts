/**
 * The host's wire: CBOR by cbor-x (DESIGN §5), frames by the protocol package
 * (COBS ‖ CRC-32, 0x00-delimited, resynchronising FrameDecoder).
 * The cbor-x settings live in host/framing (float32 when every non-integer is exactly a float32,
 * else float64; negative 64-bit integers decoded correctly despite cbor-x issue #143).
 */
import type { CborValue } from '../../protocol/cbor/value';
import { hostDecodeCbor, hostEncodeCbor } from '../framing/cbor-x-codec';
import { encodeFrame } from '../../protocol/frame';
import { FrameDecoder } from '../../protocol/frame-decoder';
import type { FrameSink, Wire } from './wire';

export function defaultWire(): Wire {
  return {
    encode(message) {
      return encodeFrame(hostEncodeCbor(message as CborValue));
    },
    decoder(onMessage, onFrameError): FrameSink {
      const frames = new FrameDecoder({
        onFrame(cbor) {
          let msg: unknown;
          try {
            msg = hostDecodeCbor(cbor.slice());
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
