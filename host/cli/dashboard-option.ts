/**
 * `--dashboard PORT [--dashboard-host ADDR] [--token T]` for commands that run training
 * (`train`, `demo`): the live dashboard of the run, with serve's rule — loopback unless a
 * token is given (or NUCLEON_TOKEN is set).
 */
import type { ParsedArgs } from './args';
import { optNumber, optString } from './args';
import type { RunDashboard } from '../server/dashboard/run-dashboard';

export const DASHBOARD_OPTIONS = ['dashboard', 'dashboard-host', 'token'];

export const DASHBOARD_USAGE = `  --dashboard PORT    serve the run's live dashboard at http://127.0.0.1:PORT/ (0 picks a free
                      port, printed); --dashboard-host ADDR to listen elsewhere, which needs
                      --token T (or NUCLEON_TOKEN), as for nucleon serve (docs/dashboard.md)`;

/** Starts the run's dashboard when --dashboard is given (undefined otherwise). */
export async function openRunDashboard(args: ParsedArgs, mode: 'train' | 'demo', log: (line: string) => void): Promise<RunDashboard | undefined> {
  if (args.options.dashboard === undefined) return undefined;
  const port = optNumber(args, 'dashboard', 0, { min: 0, max: 65535, integer: true });
  const envToken = process.env.NUCLEON_TOKEN;
  const token = optString(args, 'token') ?? (envToken !== undefined && envToken !== '' ? envToken : undefined);
  // Loaded here so runs without a dashboard do not pay for fastify.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RunDashboard: Dashboard } = require('../server/dashboard/run-dashboard') as typeof import('../server/dashboard/run-dashboard');
  const d = await Dashboard.open({ mode, port, host: optString(args, 'dashboard-host', '127.0.0.1'), token });
  log(`dashboard ${d.url}/${token ? '#token=<your token> (or enter it on the page)' : ''}`);
  return d;
}
