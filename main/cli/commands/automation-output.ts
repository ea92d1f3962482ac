/** How automation runs read on the terminal and in --json (shared by `txp watch` and `txp automation run`). */
import { exitCodeFor, TxpError } from '../../../shared/txp-error';
import { DEFAULT_MAX_REMOVAL_SHARE, DEFAULT_SETTLE_SECONDS, NOT_SENT_OUTCOMES, type Automation } from '../../../shared/accounts/automation';
import type { RunReport } from '../../automation/run-automation';
import type { CliIo } from '../cli-args';

/** The exit status of a run: 0 when nothing went wrong, else the first failure's. */
export function runStatus(report: RunReport): number {
  const failure = report.files.find((f) => NOT_SENT_OUTCOMES.includes(f.outcome));
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

/** The options `txp watch` and `txp automation add` share (parseArgs's form). */
export const AUTOMATION_OPTIONS = {
  profile: { type: 'string' },
  account: { type: 'string' },
  keyword: { type: 'string' },
  pattern: { type: 'string' },
  mirror: { type: 'boolean' },
  'max-removal-share': { type: 'string' },
  'settle-seconds': { type: 'string' },
} as const;

/** Those options, as an automation with this name, folder and trigger. */
export function automationFromArgs(
  values: {
    pattern?: string | undefined;
    profile: string;
    account: string;
    keyword?: string | undefined;
    mirror?: boolean | undefined;
    'max-removal-share'?: string | undefined;
    'settle-seconds'?: string | undefined;
  },
  fixed: Pick<Automation, 'name' | 'folder' | 'trigger'>,
): Automation {
  return {
    ...fixed,
    pattern: values.pattern ?? '*',
    profile: values.profile,
    account: values.account,
    keyword: values.keyword ?? null,
    mirror: values.mirror === true,
    maxRemovalShare: removalShareArg(values['max-removal-share']),
    settleSeconds: secondsArg(values['settle-seconds'], DEFAULT_SETTLE_SECONDS, '--settle-seconds'),
    createdAt: new Date().toISOString(),
  };
}

/** `--max-removal-share 20` (percent) as a share. */
function removalShareArg(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_REMOVAL_SHARE;
  const percent = Number(text.replace(/%$/, ''));
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) throw new TxpError('USAGE', `--max-removal-share takes a percentage from 0 to 100, not "${text}".`);
  return percent / 100;
}

function secondsArg(text: string | undefined, fallback: number, what: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 600) throw new TxpError('USAGE', `${what} takes seconds from 0 to 600, not "${text}".`);
  return value;
}
