/** The report of one `nucleon train` run (the demo writes a fuller one with all three). */
import { writeReport } from './write';
import { runSummary, type ReportMaterial } from './material';
import type { TrainResult } from '../trainer';

export async function writeTrainReport(
  dir: string,
  results: TrainResult[],
  extras?: Partial<ReportMaterial>,
  warn?: (line: string) => void,
): Promise<string> {
  return writeReport(
    dir,
    {
      title: 'Nucleon trainer report',
      runs: results.map((r) => runSummary(r)),
      notes: [],
      ...extras,
    },
    warn,
  );
}
