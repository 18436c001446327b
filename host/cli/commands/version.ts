import type { Command } from '../command';
import { parseArgs } from '../args';
import { printJson, wantsJson } from '../board-option';
import { PROTOCOL_VERSION } from '../../../protocol/limits';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require('../../../package.json') as { version: string };

const command: Command = {
  name: 'version',
  summary: 'print the host SDK and protocol versions',
  usage: 'usage: nucleon version [--json]',
  async run(argv) {
    const args = parseArgs(argv, { known: [], booleans: ['json'] });
    const info = { hostVersion: pkg.version, protocolVersion: PROTOCOL_VERSION };
    if (wantsJson(args)) printJson(info);
    else process.stdout.write(`nucleon ${info.hostVersion} (protocol ${info.protocolVersion})\n`);
    return 0;
  },
};
export default command;
