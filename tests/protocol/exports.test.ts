/** protocol/index.ts gives what firmware and host code against. */
import * as protocol from '../../protocol';
import * as framing from '../../host/framing';

describe('protocol/index.ts exports', () => {
  const functions = [
    'cborEncode', 'cborDecode', 'cobsEncode', 'cobsDecode', 'cobsEncodeInto', 'cobsDecodeInto', 'crc16',
    'encodeFrame', 'decodeFrame', 'encodeFrameInto', 'decodeFrameInto', 'FrameDecoder', 'CborReader', 'CborWriter',
    'encodeRequest', 'encodeResponse', 'encodeEvent', 'decodeMessage', 'validateArgs', 'opByCode', 'opByName',
    'schemaHashOf', 'ProtocolError', 'isProtocolError',
  ];
  it.each(functions)('%s is a function', (name) => {
    expect(typeof (protocol as Record<string, unknown>)[name]).toBe('function');
  });

  const values = ['PROTOCOL_VERSION', 'Op', 'ErrorCode', 'Event', 'WarningCode', 'WARNING_NAMES', 'Status', 'OP_TABLE', 'SCHEMA_HASH', 'MAX_FRAME_BYTES', 'MAX_MESSAGE_BYTES', 'MAX_CHANNELS', 'ERROR_PREFIX'];
  it.each(values)('%s is defined', (name) => {
    expect((protocol as Record<string, unknown>)[name]).toBeDefined();
  });

  it('loads through ts-node the way the CLI does', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const viaRequire = require('../../protocol') as typeof protocol;
    expect(viaRequire.PROTOCOL_VERSION).toBe(3);
    expect(typeof viaRequire.SCHEMA_HASH).toBe('number');
  });

  it('ProtocolError is an Error with a stable code and prefix', () => {
    const e = new protocol.ProtocolError('FRAME_CRC', protocol.ErrorCode.BAD_CRC, 'x');
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(protocol.ProtocolError);
    expect(e.name).toBe('ProtocolError');
    expect(e.message).toBe('nucleon/protocol: x');
    expect(e.stack).toContain('nucleon/protocol: x');
    expect(protocol.isProtocolError(e, 'FRAME_CRC')).toBe(true);
    expect(protocol.isProtocolError(new Error('x'))).toBe(false);
  });

  it('host/framing exports its cbor-x helpers (the receive path is the client wire, host/client/default-wire.ts)', () => {
    expect(typeof framing.hostEncodeMessage).toBe('function');
    expect(typeof framing.hostDecodeCbor).toBe('function');
    expect((framing as Record<string, unknown>).FrameStream).toBeUndefined();
  });
});
