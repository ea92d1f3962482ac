import { countryLabel } from '../../../shared/phone/countries';
import type { CheckSummary } from '../../../shared/check/list-checker';
import { csvRow } from '../../../shared/formats/csv-text';
import { describePlan } from '../../../shared/mapping/list-plan';
import { cliProfiles } from '../cli-services';
import { describeCheck, planList, type PreparedList } from '../../mapping/plan-list';
import { runListCheck } from '../../checking/run-list-check';
import { withAtomicFile } from '../../writing/atomic-file-writer';
import { REPORT_HEADER, reportRow } from '../../writing/preformatted-file';
import { terminalProgress } from '../terminal-progress';
import { MAPPING_OPTIONS, oneFile, parseOrUsage, planRequestFromArgs, type CliIo } from '../cli-args';

/** `txp check FILE [mapping options] [--json] [--report OUT.csv]` */
export async function checkCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(args, { ...MAPPING_OPTIONS, report: { type: 'string' } });
  const path = oneFile(positionals, 'check');
  const { request, resolveColumns } = planRequestFromArgs(values);
  const list = await planList(path, request, cliProfiles(io), resolveColumns);
  const progress = terminalProgress(io, `Checking ${list.table.file}`, list.table.estimatedRows, values.json === true);
  const summary = await withAtomicFile(values.report, async (report) => {
    report?.write(csvRow(REPORT_HEADER));
    return runListCheck(list, {
      ...(report ? { problem: (p) => report.write(reportRow(p)), afterBatch: () => report.flush() } : {}),
      ...(progress.rows ? { progress: progress.rows } : {}),
    });
  }).finally(() => progress.done());
  io.stdout(values.json ? JSON.stringify(checkJson(list, summary), null, 2) + '\n' : humanSummary(list, summary));
  return 0;
}

export function checkJson(list: PreparedList, summary: CheckSummary) {
  // `mapping` names the plan's columns for people; `plan` has them by position.
  return { ...describeCheck(list), mapping: describePlan(list.plan), ...summary };
}

/** TextPower's own names for the two kinds of upload. */
const MODE_WORDS = { preformatted: 'Preformatted', alp: 'ALP (mapped columns)' } as const;

export function humanSummary(list: PreparedList, s: CheckSummary): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const mapping = describePlan(list.plan);
  const lines = [
    `${list.table.file}${list.table.sheet ? ` (sheet "${list.table.sheet}")` : ''}: ${MODE_WORDS[mapping.mode]}, phone ${mapping.phone.join(', ')}${mapping.tags.length ? `; tags ${mapping.tags.join(', ')}` : ''}${mapping.removeWhen ? `; remove when ${mapping.removeWhen}` : ''}`,
  ];
  if (list.profile) lines.push(`Profile "${list.profile.name}" ${list.profile.automatic ? 'applied automatically (same headers)' : 'applied'}.`);
  lines.push(`Rows ${n(s.rows)}   numbers ${n(s.numbers)}   valid ${n(s.valid)}   invalid ${n(s.invalid)}   duplicates ${n(s.duplicates)}   removals ${n(s.removals)}`);
  const reasons = Object.entries(s.invalidReasons).filter(([, count]) => count > 0);
  if (reasons.length) lines.push(`Invalid: ${reasons.map(([reason, count]) => `${reason} ${n(count)}`).join(', ')}`);
  const types = Object.entries(s.lineTypes).filter(([, count]) => count > 0);
  if (types.length) lines.push(`Line types (hints): ${types.map(([type, count]) => `${type} ${n(count)}`).join(', ')}`);
  if (s.extensionsRemoved) lines.push(`Extensions removed: ${n(s.extensionsRemoved)}`);
  if (s.repaired) lines.push(`Repaired spreadsheet damage: ${n(s.repaired)}`);
  if (s.tagsChanged || s.tagsDigitLeading) lines.push(`Tags cleaned to letters and digits: ${n(s.tagsChanged)}; beginning with a digit: ${n(s.tagsDigitLeading)}`);
  if (s.summaryRowsSkipped) lines.push(`Summary rows skipped: ${n(s.summaryRowsSkipped)}`);
  const hint = list.layout.suggestion.countryHint;
  if (hint && s.invalid > 0 && hint.code !== list.plan.country) {
    lines.push(
      `Many numbers may be numbers of ${countryLabel(hint.code)}: ${n(hint.valid)} of ${n(hint.total)} sampled are valid there, ${n(hint.validHere)} as ${list.plan.country} numbers. Try --country ${hint.code}.`,
    );
  }
  if (s.rowsLeftOut || s.cellsEdited) lines.push(`Changed for this run (the file is not): ${n(s.rowsLeftOut)} rows left out, ${n(s.cellsEdited)} cells set`);
  return lines.join('\n') + '\n';
}
