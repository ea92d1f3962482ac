/** The Preformatted file's optional header row, and the problem report, as people read them. */
import type { Problem } from '../../shared/check/list-checker';
import { cleanTag } from '../../shared/formats/clean-tag';
import { csvRow } from '../../shared/formats/csv-text';
import { columnLabel } from '../../shared/mapping/column-ref';
import type { PreparedList } from '../mapping/plan-list';

/** The header row `--header` adds for people: phone, then each tag column's cleaned name. */
export function preformattedHeader(list: PreparedList): string[] {
  return ['phone', ...list.mapping.tags.map((i) => cleanTag(columnLabel(i, list.layout.headers)).tag || `tag${i + 1}`)];
}

export const REPORT_HEADER = ['row', 'column', 'value', 'reason', 'detail', 'who'];

export function reportRow(problem: Problem): string {
  return csvRow([String(problem.row), problem.column, problem.value, problem.reason, problem.detail, problem.who ?? ''], { forPeople: true });
}

/** The problems as the CSV report people open (with a BOM, so that Excel reads it as UTF-8). */
export function problemReportCsv(problems: readonly Problem[]): string {
  return '\ufeff' + csvRow(REPORT_HEADER) + problems.map(reportRow).join('');
}

export { csvRow };
