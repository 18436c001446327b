/**
 * The browser tier's gate: its tests drive Debian's headless Chromium (`apt-get install
 * chromium`; `make test` installs it). Where none is found (a user's machine without it) the
 * tier says so in one loud line and its tests are skipped; in CI (CI set) a missing Chromium
 * fails instead, so the tier always runs there. CHROMIUM_PATH points at another build.
 */
import * as fs from 'fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function findChromium(): string | undefined {
  const env = process.env.CHROMIUM_PATH;
  const list = env !== undefined && env !== '' ? [env] : CANDIDATES;
  const found = list.find((p) => fs.existsSync(p));
  if (found !== undefined) return found;
  const why = `no Chromium at ${list.join(' or ')}`;
  if (process.env.CI !== undefined && process.env.CI !== '') throw new Error(`browser tier: ${why}; CI must run it (apt-get install chromium, or make deps-system)`);
  process.stderr.write(`\n*** BROWSER TESTS DID NOT RUN: ${why}. Install Debian's chromium (make deps-system) or set CHROMIUM_PATH. ***\n\n`);
  return undefined;
}

/** `describe` when Chromium exists, `describe.skip` (after the loud line) when not. */
export function describeInBrowser(): { d: jest.Describe; executablePath: string } {
  const p = findChromium();
  return { d: p === undefined ? describe.skip : describe, executablePath: p ?? '' };
}
