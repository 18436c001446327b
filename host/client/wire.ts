/**
 * The Board client's view of the wire: encode one message into one frame, and a decoder that
 * turns arriving bytes into messages (or frame errors). Backed by the protocol package and
 * host/framing (cbor-x on the host side, DESIGN §5).
 */
export interface FrameSink {
  push(bytes: Uint8Array): void;
}

export interface Wire {
  encode(message: readonly unknown[]): Uint8Array;
  decoder(onMessage: (message: unknown) => void, onFrameError: (reason: string) => void): FrameSink;
}
