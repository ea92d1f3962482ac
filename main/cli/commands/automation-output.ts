/** How automation runs read on the terminal and in --json (shared by `txp watch` and `txp automation run`). */
import { basename } from 'node:path';
import { exitCodeFor, TxpError } from '../../../shared/txp-error';
import { DEFAULT_MAX_REMOVAL_SHARE } from '../../../shared/accounts/automation';
import type { FileOutcome, RunReport } from '../../automation/run-automation';
import type { CliIo } from '../cli-args';

export function fileLine(outcome: FileOutcome): string {
  const name = basename(outcome.file);
  switch (outcome.outcome) {
    case 'sent': {
      const removals =
        outcome.mirror === 'recorded'
          ? ' Mirror mode: first run, so the list was only recorded; nothing was removed.'
          : outcome.mirror === 'removed'
            ? ` Mirror mode: ${outcome.removals.toLocaleString('en-US')} ${outcome.removals === 1 ? 'number that has' : 'numbers that have'} left the export since the last run sent as removals.`
            : '';
      return `Sent ${name}: ${outcome.numbers.toLocaleString('en-US')} numbers as ${outcome.remoteName}; moved to sent/.${removals}${outcome.notice ? ` ${outcome.notice}` : ''}`;
    }
    case 'failed':
      return `Not sent: ${name}: ${outcome.reason} Moved to failed/ (the reason is beside it).`;
    case 'retry':
    case 'stopped':
      return `Not sent: ${name}: ${outcome.reason}`;
    case 'waiting':
      return `Not yet: ${name}: ${outcome.reason}.`;
    case 'skipped':
      return `Skipped ${name}: ${outcome.reason}; moved to skipped/.`;
  }
}

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
