/**
 * hello against the spec: a board whose firmware was built from another spec (another schema
 * hash, other info keys) is refused with VERSION_MISMATCH and what to do — not with a decoding
 * error — while a board of this spec whose info map lacks a key or carries a wrong type is a
 * PROTOCOL error naming it, never a silently defaulted value.
 */
import { Board } from '../../host/client/board';
import { defaultWire } from '../../host/client/default-wire';
import { NucleonError } from '../../host/errors';
import { createMemoryPipe } from '../../host/transport/memory';
import { Op } from '../../protocol/ops';
import { HELLO_OK, scriptedPeer } from './scripted-peer';

async function connectWith(info: unknown[]): Promise<unknown> {
  const [host, dev] = createMemoryPipe();
  await dev.open();
  scriptedPeer(dev, (seq, op) => (op === Op.HELLO ? [seq, 0, info] : [seq, 0, [true]]));
  return Board.connect(host, { wire: defaultWire(), heartbeatMs: 0 }).then(
    (b) => b,
    (e: unknown) => e,
  );
}

function infoWithout(key: string): unknown[] {
  const info = { ...(HELLO_OK()[0] as Record<string, unknown>) };
  delete info[key];
  return [info];
}

test('firmware of another spec (other schema hash, other keys) is refused with VERSION_MISMATCH saying what to do', async () => {
  const other = { ...(infoWithout('populatedMask')[0] as Record<string, unknown>), populated: [0, 1], schemaHash: 0x12345678 };
  const err = await connectWith([other]);
  expect(err).toBeInstanceOf(NucleonError);
  expect((err as NucleonError).code).toBe('VERSION_MISMATCH');
  expect((err as NucleonError).message).toMatch(/op-table schema 12345678/);
  expect((err as NucleonError).message).toMatch(/nucleon flash/);
});

test('a hello of this spec lacking a key, or with a wrong type, is a PROTOCOL error naming it', async () => {
  const missing = await connectWith(infoWithout('fieldDeltaRMilliOhm'));
  expect((missing as NucleonError).code).toBe('PROTOCOL');
  expect((missing as NucleonError).message).toMatch(/hello: result 'info' \(#1\) lacks the key 'fieldDeltaRMilliOhm'/);
  const wrong = await connectWith(HELLO_OK({ channels: 'sixteen' }));
  expect((wrong as NucleonError).code).toBe('PROTOCOL');
  expect((wrong as NucleonError).message).toMatch(/key 'channels' must be uint/);
});

test('a hello of this spec connects, its keys read as the spec names them', async () => {
  const board = (await connectWith(HELLO_OK())) as Board;
  expect(board.info.populated).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect(board.info.limits.maxWidthUs).toBe(300);
  await board.close();
});
