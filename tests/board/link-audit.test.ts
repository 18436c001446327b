/**
 * The twin link's frame audit (issue 14): under faults it counts delivered frames the protocol's
 * decoder accepts that the sender never sent. Checked here with frames handed in directly, so
 * the counter is shown to count (a CRC-32 collision cannot be produced on demand).
 */
import { encodeFrame } from '../../protocol/frame';
import { FrameAudit, type LinkStats } from '../../board/twin/link';

function stats(): LinkStats {
  return { damagedFramesAccepted: 0, framesRejected: 0, bytesSent: 0, bytesDropped: 0, bytesCorrupted: 0 };
}

test('a frame that decodes but was never sent counts as damage that got through; a sent one does not', () => {
  const s = stats();
  const audit = new FrameAudit(s);
  const a = encodeFrame(new Uint8Array([0x82, 0x01, 0x02]));
  const b = encodeFrame(new Uint8Array([0x82, 0x01, 0x03]));
  audit.wrote(a.subarray(0, 2));
  audit.wrote(a.subarray(2)); // split writes are joined
  audit.delivered(a);
  expect(s).toMatchObject({ damagedFramesAccepted: 0, framesRejected: 0 });
  audit.delivered(b); // valid, but the sender wrote only a
  expect(s.damagedFramesAccepted).toBe(1);
  const damaged = a.slice();
  damaged[1] ^= 0x10;
  audit.delivered(damaged); // refused by the decoder
  expect(s).toMatchObject({ damagedFramesAccepted: 1, framesRejected: 1 });
});
