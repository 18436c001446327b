/**
 * Counts the activateMany requests the board receives, by reading the host's frames on the link
 * as the firmware's decoder would: the count delayed faults (`fault=open-channel:3@500`,
 * `fault=link-dead@500`) start after. The trainer sends one activateMany per example to each
 * board, so the count is the examples that board has seen; single `activate` requests (the
 * sigmoid the trainer measures before training, serve's one-neuron requests) do not count. A
 * retransmission (same seq) counts once. Only built when the spec has a delayed fault, so a
 * clean twin pays nothing.
 */
import { FrameDecoder } from '../../protocol/frame-decoder';
import { cborDecode } from '../../protocol/cbor/decode';
import { Op } from '../../protocol/codes';

export class ActivationCount {
  /** activateMany requests received so far. */
  count = 0;
  private lastSeq = -1;
  private readonly decoder: FrameDecoder;
  private readonly listeners: ((count: number) => void)[] = [];

  constructor() {
    this.decoder = new FrameDecoder({
      onFrame: (cbor) => this.frame(cbor),
      onError: () => undefined,
    });
  }

  /** Called with the new count each time one more activateMany request arrives. */
  onCount(listener: (count: number) => void): void {
    this.listeners.push(listener);
  }

  /** Host → board bytes, before the firmware sees them. */
  push(bytes: Uint8Array): void {
    this.decoder.push(bytes);
  }

  private frame(cbor: Uint8Array): void {
    let msg: unknown;
    try {
      msg = cborDecode(cbor);
    } catch {
      return; // the firmware answers it with an error; not an activation
    }
    if (!Array.isArray(msg) || msg.length < 2) return;
    const [seq, op] = msg as unknown[];
    if (typeof seq !== 'number' || op !== Op.ACTIVATE_MANY || seq === this.lastSeq) return;
    this.lastSeq = seq;
    this.count++;
    for (const l of this.listeners) l(this.count);
  }
}
