/**
 * Protocol-wide limits. A board's own (tighter) electrical limits come in `hello`;
 * these are the outer bounds every message must respect.
 */
export const PROTOCOL_VERSION = 3;

/** Largest encoded frame on the wire, COBS overhead and the 0x00 delimiter included. */
export const MAX_FRAME_BYTES = 512;
/** Largest CBOR message inside a frame (before the 4 CRC bytes and COBS). */
export const MAX_MESSAGE_BYTES = MAX_FRAME_BYTES - 8;
/** CBOR decoder caps. */
export const MAX_CBOR_DEPTH = 8;
export const MAX_CBOR_ITEMS = 256;
export const MAX_CBOR_STRING_BYTES = 256;

export const SEQ_MAX = 0xffff;
export const MAX_CHANNELS = 16;
/** Absolute pulse limits; boards may be tighter (board definition). */
export const MAX_CURRENT_UA = 30000;
export const MIN_WIDTH_US = 5;
export const MAX_WIDTH_US = 300;
export const MAX_SWEEP_STEPS = 1000;
/** Number of responses the firmware remembers for exactly-once retransmission. */
export const RESPONSE_CACHE_SIZE = 8;
