/** Regression: a wrong sim spec was reported as an IO error with advice to check the USB cable. */
import { openBoard } from '../../host/open';

describe('openBoard with a bad sim spec', () => {
  test.each([
    ['sim:seed=1,bogusKey=3', /unknown sim option "bogusKey"; allowed: .*lockinTauMs/],
    ['sim:seed=1,lockinTauMs=abc', /lockinTauMs: "abc" is not a number/],
    ['sim:fault=melted-bar', /melted-bar/],
  ])('%s is BAD_SPEC naming the key', async (spec, message) => {
    const err = await openBoard(spec).then(
      () => null,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(err).not.toBeNull();
    expect(err?.code).toBe('BAD_SPEC');
    expect(err?.message).toMatch(message);
  });
});
