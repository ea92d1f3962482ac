/** How automation runs read on the terminal and in --json (shared by `txp watch` and `txp automation run`). */
import { exitCodeFor, TxpError } from '../../../shared/txp-error';
import { DEFAULT_MAX_REMOVAL_SHARE } from '../../../shared/accounts/automation';
import type { RunReport } from '../../automation/run-automation';
import type { CliIo } from '../cli-args';

/** The exit status of a run: 0 when nothing went wrong, else the first failure's. */
export function runStatus(report: RunReport): number {
  const failure = report.files.find((f) => f.outcome === 'failed' || f.outcome === 'retry' || f.outcome === 'stopped');
  return failure && 'code' in failure ? exitCodeFor(failure.code) : 0;
}

export function printReport(io: CliIo, report: RunReport, json: boolean): void {
  if (json) {
    io.stdout(JSON.stringify(report, null, 2) + '\n');
    return;
  }
  if (report.overlapped) io.stdout(`An earlier run of "${report.automation}" is still going: this one did nothing.\n`);
  else if (report.files.length === 0) io.stdout('No new file to send.\n');
}

/** `--max-removal-share 20` (percent) as a share. */
export function removalShareArg(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_REMOVAL_SHARE;
  const percent = Number(text.replace(/%$/, ''));
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) throw new TxpError('USAGE', `--max-removal-share takes a percentage from 0 to 100, not "${text}".`);
  return percent / 100;
}

export function secondsArg(text: string | undefined, fallback: number, what: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 600) throw new TxpError('USAGE', `${what} takes seconds from 0 to 600, not "${text}".`);
  return value;
}
