/**
 * `nucleon serve`: puts one or more boards behind a local HTTP/WebSocket API (host/server).
 * Runs until SIGINT/SIGTERM, then leaves every board safe.
 */
import type { Command } from '../command';
import { UsageError } from '../command';
import { optList, optNumber, optString, parseArgs } from '../args';
import { boardSpec } from '../board-option';

const usage = `usage: nucleon serve [--board SPEC …] [--host 127.0.0.1] [--port 8080] [--token T]
                     [--x-policy clamp|strict] [--queue N] [--queue-per-client N] [--body-limit BYTES]

  --board SPEC     a board to serve (repeat for several; their neurons are pooled as b0:*, b1:*, …);
                   sim, sim:seed=N, serial:PATH[@BAUD], hid:VID:PID, tcp://HOST:PORT,
                   tls://HOST:PORT?ca=FILE&cert=FILE&key=FILE
                   (default sim, or $NUCLEON_BOARD)
  --host ADDR      address to listen on (default 127.0.0.1). Any address other than loopback
                   needs --token (or NUCLEON_TOKEN); the server refuses to start without one.
  --port N         port (default 8080; 0 picks a free one, printed on start)
  --token T        bearer token every route but /healthz requires (at least 16 printable
                   ASCII characters, no blanks)
  --x-policy P     x outside a neuron's calibrated range: clamp (default; up to ten range widths
                   beyond either end, clamped to the end) or strict (refused)
  --queue N        requests waiting per board before 503 + Retry-After (default 256)
  --queue-per-client N   per client per board (default 64)
  --body-limit B   largest request body in bytes (default 65536)

  The live dashboard is at the server's address, http://HOST:PORT/ (docs/dashboard.md).
  Docs and examples: docs/serve.md`;

const command: Command = {
  name: 'serve',
  summary: 'serve boards as neurons over HTTP/WebSocket (activate per request)',
  usage,
  async run(argv) {
    const args = parseArgs(argv, {
      known: ['board', 'host', 'port', 'token', 'x-policy', 'queue', 'queue-per-client', 'body-limit'],
      repeatable: ['board'],
    });
    const xPolicy = optString(args, 'x-policy', 'clamp');
    if (xPolicy !== 'clamp' && xPolicy !== 'strict') throw new UsageError(`--x-policy must be clamp or strict, got "${xPolicy}"`);
    const boards = optList(args, 'board');
    const envToken = process.env.NUCLEON_TOKEN;
    const token = optString(args, 'token') ?? (envToken !== undefined && envToken !== '' ? envToken : undefined);
    // Loaded here so `nucleon help` does not pay for fastify.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startServer } = require('../../server/server') as typeof import('../../server/server');
    const server = await startServer({
      boards: boards.length > 0 ? boards : [boardSpec(args)],
      host: optString(args, 'host', '127.0.0.1'),
      port: optNumber(args, 'port', 8080, { min: 0, max: 65535, integer: true }),
      token,
      xPolicy,
      queueCapacity: optNumber(args, 'queue', 256, { min: 1, max: 100000, integer: true }),
      perClientLimit: optNumber(args, 'queue-per-client', 64, { min: 1, max: 100000, integer: true }),
      bodyLimitBytes: optNumber(args, 'body-limit', 65536, { min: 256, max: 16 * 1024 * 1024, integer: true }),
      log: (line) => process.stderr.write(`nucleon serve: ${line}\n`),
    });
    // The one line scripts wait for (tests read the port from it).
    process.stdout.write(`listening ${server.url}\n`);
    process.stderr.write(`nucleon serve: dashboard ${server.url}/${token ? '#token=<your token> (or enter it on the page)' : ''}\n`);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await server.close();
    return 0;
  },
};
export default command;
