import type { Command } from '../command';
import { parseArgs } from '../args';
import { BOARD_FLAGS, BOARD_OPTIONS, boardSpec, printJson, wantsJson, withBoard } from '../board-option';

const command: Command = {
  name: 'info',
  summary: 'say hello to a board: firmware and protocol version, board id, populated channels',
  usage: 'usage: nucleon info [--board SPEC] [--json]\n  SPEC (default sim, or $NUCLEON_BOARD): sim | sim:seed=N[,key=value…] | serial:PATH[@BAUD] | hid:VID:PID[:SERIAL] | tcp://HOST:PORT | tls://HOST:PORT?ca=FILE&cert=FILE&key=FILE',
  async run(argv) {
    const args = parseArgs(argv, { known: BOARD_OPTIONS, booleans: BOARD_FLAGS });
    const spec = boardSpec(args);
    const info = await withBoard(args, async (board) => board.info);
    const out = {
      board: spec,
      firmwareVersion: info.firmwareVersion,
      protocolVersion: info.protocolVersion,
      boardId: info.boardId,
      channels: info.channels,
      populated: info.populated,
      schemaHash: info.schemaHash,
      limits: info.limits,
    };
    if (wantsJson(args)) printJson(out);
    else {
      process.stdout.write(
        `board       ${spec}\nboard id    ${out.boardId}\nfirmware    ${out.firmwareVersion}\nprotocol    v${out.protocolVersion} (schema ${out.schemaHash || '?'})\n` +
          `channels    ${out.channels}, populated ${out.populated.join(',')}\n` +
          `limits      ±${out.limits.maxCurrentUa} µA, ${out.limits.minWidthUs}–${out.limits.maxWidthUs} µs\n`,
      );
    }
    return 0;
  },
};
export default command;
