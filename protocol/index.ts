/**
 * The protocol package: what firmware and host share. Portable TypeScript over Uint8Array (no
 * Node APIs), written for the subset Espruino runs (see ../shared/ESPRUINO.md).
 * Frame format, CRC variant, message shapes, error codes and limits: docs/protocol.md.
 */
export * from './ops';
export * from './limits';
export { ERROR_PREFIX, ProtocolError, isProtocolError } from './errors';
export type { ProtocolErrorConstructor } from './errors';
export {
  CborError,
  CborKind,
  CBOR_ERROR_NAMES,
  CBOR_ERROR_MESSAGES,
  Major,
  MAX_SAFE_INT,
  cborErrorName,
  CborWriter,
  CborReader,
  cborEncode,
  cborDecode,
  isFloat32Exact,
  toFloat32,
  halfToNumber,
  utf8Length,
  utf8Write,
  utf8Read,
} from './cbor/index';
export type { CborValue, CborMap, CborEncodeOptions, CborDecodeOptions } from './cbor/index';
export { crc16, crc16Update, CRC16_NAME, CRC16_POLY, CRC16_INIT, CRC16_CHECK } from './crc16';
export { packF32le, unpackF32le } from './f32le';
export { crc32, useNativeCrc32, CRC32_NAME, CRC32_POLY_REFLECTED, CRC32_CHECK } from './crc32';
export { cobsEncode, cobsDecode, cobsEncodeInto, cobsDecodeInto, cobsMaxEncodedLength, CobsError } from './cobs';
export {
  encodeFrame,
  decodeFrame,
  encodeFrameInto,
  decodeFrameInto,
  maxFrameLength,
  FrameError,
  frameError,
  frameErrorName,
  frameErrorCode,
} from './frame';
export { FrameDecoder } from './frame-decoder';
export type { FrameHandler } from './frame-decoder';
export {
  opByCode,
  opByName,
  validateArgs,
  validateResult,
  validateEvent,
  validateErrorReply,
  checkField,
  checkFieldSpec,
  describeValue,
  argumentNameOf,
  FIELD_TYPE_TEXT,
  F32_MAX,
} from './validate';
export {
  encodeRequest,
  encodeResponse,
  encodeErrorResponse,
  encodeEvent,
  encodeMessage,
  decodeMessage,
  messageFromValue,
  messageToValue,
  writeRequestHeader,
  writeResponseHeader,
  writeErrorResponse,
  writeEventHeader,
  readMessageHeader,
} from './messages';
export type { Message, RequestMessage, ResponseMessage, EventMessage, MessageSender, MessageHeader } from './messages';
export { SCHEMA_HASH, schemaHashOf, schemaText, fnv1a32 } from './schema-hash';
export type { Clock } from './clock';
