/**
 * Checks a table row by row against a mapping and produces the Preformatted rows
 * (DESIGN.md §3): one row per valid, first-seen number, in column A as TextPower's examples
 * write numbers (North American ones as 10 digits; others, and all with --phone-format e164, in E.164) in
 * column A, then the cleaned tags; removals with the service's leading minus. Pure and
 * streaming: it holds only the set of numbers seen and the counters, never the whole table.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import { cleanTag, type CleanedTag } from '../formats/clean-tag';
import { textPowerNumber } from '../formats/textpower-number';
import { NumberSet } from './number-set';
import { columnLabel } from '../mapping/column-ref';
import { hasText, rowDisposition } from '../mapping/detect-header-row';

export { rowDisposition };
import type { ListMode } from '../mapping/suggest-mapping';
import { checkPhoneCell, cleanCellText, INVALID_REASONS, LINE_TYPE_HINTS, lineTypeHint, type InvalidReason, type LineTypeHint, type PhoneCheck } from '../phone/check-phone-cell';
import { fastNanpMatch, lastNanp, lastNanpE164 } from '../phone/nanp-fast-path';

import type { PhoneFormat } from '../mapping/list-plan';

export type { PhoneFormat };

export interface RemoveWhen {
  /** 0-based column index. */
  column: number;
  /** Cell values (compared trimmed, ignoring case) that mark a row for removal. */
  values: string[];
}

export interface ListMapping {
  mode: ListMode;
  /** 0-based indexes of the phone columns. */
  phone: number[];
  /** 0-based indexes of the tag columns. */
  tags: number[];
  country: CountryCode;
  removeWhen: RemoveWhen | null;
  /** Leave out numbers outside North America instead of sending them (default: send). */
  leaveOutInternational?: boolean;
}

export type ProblemReason = InvalidReason | 'DUPLICATE' | 'EXTENSION_REMOVED' | 'INTERNATIONAL' | 'MAY_HAVE_LOST_PLUS' | 'TAG_CHANGED' | 'TAG_TRUNCATED' | 'TAG_EMPTY' | 'TAG_DIGIT_LEADING';

export interface Problem {
  /** 1-based row number in the file. */
  row: number;
  /** Header text, or `#N` for a column without one. */
  column: string;
  /** The column's 0-based position (two columns may have the same header). */
  index: number;
  /** Whose number it is: the row's identity columns (see ListPlan.identity), joined; never sent. */
  who?: string;
  value: string;
  reason: ProblemReason;
  detail: string;
}

export interface CheckSummary {
  rows: number;
  numbers: number;
  valid: number;
  invalid: number;
  duplicates: number;
  removals: number;
  /** Rows written to the Preformatted file. */
  written: number;
  invalidReasons: Record<InvalidReason, number>;
  lineTypes: Record<LineTypeHint, number>;
  extensionsRemoved: number;
  /** Valid numbers outside North America (sent in E.164; TextPower needs an international campaign for them). */
  international: number;
  /** Of those, left out as asked (not sent). */
  internationalLeftOut: number;
  repaired: number;
  tagsChanged: number;
  tagsDigitLeading: number;
  summaryRowsSkipped: number;
  /** Rows the user left out in the app (not checked, not sent). */
  rowsLeftOut: number;
  /** Cells the user corrected in the app (checked and sent as corrected). */
  cellsEdited: number;
}

const NO_TAGS: readonly string[] = [];

/** The set of numbers seen is sized up front for at most this many (16 MB); beyond, it grows. */
const MAX_PRESIZED_NUMBERS = 1 << 20;

const DETAILS: Record<InvalidReason, string> = {
  NOT_A_NUMBER: 'not a phone number',
  TOO_SHORT: 'too short to be a phone number',
  TOO_LONG: 'too long to be a phone number',
  INVALID_COUNTRY: 'unknown country calling code',
  INVALID: 'not a valid number in its numbering plan',
  DAMAGED: 'damaged by a spreadsheet (scientific notation lost digits); fix it in the CRM',
};

export function emptySummary(): CheckSummary {
  return {
    rows: 0,
    numbers: 0,
    valid: 0,
    invalid: 0,
    duplicates: 0,
    removals: 0,
    written: 0,
    invalidReasons: Object.fromEntries(INVALID_REASONS.map((r) => [r, 0])) as Record<InvalidReason, number>,
    lineTypes: Object.fromEntries(LINE_TYPE_HINTS.map((t) => [t, 0])) as Record<LineTypeHint, number>,
    extensionsRemoved: 0,
    international: 0,
    internationalLeftOut: 0,
    repaired: 0,
    tagsChanged: 0,
    tagsDigitLeading: 0,
    summaryRowsSkipped: 0,
    rowsLeftOut: 0,
    cellsEdited: 0,
  };
}

export interface ListCheckerOutput {
  /**
   * A Preformatted row: the number (with a leading minus for a removal), then the row's
   * cleaned tags (none for a removal). The tags array is reused for the next row: read it
   * during the call, do not keep it.
   */
  row?(number: string, tags: readonly string[]): void;
  problem?(problem: Problem): void;
  /**
   * What became of each number found, in the order of the file: the record of what was
   * sent, to which the service's results are joined without checking anything again.
   * `value` is the E.164 number's digits as an integer (0 for an invalid number).
   */
  outcome?(row: number, column: number, kind: OutcomeKind, value: number, reason: InvalidReason | null): void;
}

/** What became of a number: sent to be added, sent as a removal, left out as a duplicate, not valid, or left out as asked (outside North America). */
export const OUTCOME_KINDS = ['sent', 'removed', 'duplicate', 'invalid', 'left_out'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

export class ListChecker {
  readonly summary: CheckSummary = emptySummary();
  /** E.164 numbers seen, as numbers (at 15 digits at most they are exact). */
  private readonly seen: NumberSet;
  private readonly reportedTagChanges = new Set<string>();
  /** The same per tag column (by its place in mapping.tags), by the cached CleanedTag object: a cheap first look for the common repeat. */
  private readonly reportedCleanedTags: Set<CleanedTag>[];
  private readonly removeValues: Set<string>;

  constructor(
    private readonly mapping: ListMapping,
    private readonly headers: readonly string[],
    private readonly phoneFormat: PhoneFormat,
    private readonly output: ListCheckerOutput,
    /** About how many numbers to expect: the set of numbers seen starts that large (growing it costs a rehash). */
    expectedNumbers = 0,
    /** False: every number through libphonenumber-js alone (the differential test compares the two). */
    private readonly fastPath = true,
  ) {
    this.reportedCleanedTags = mapping.tags.map(() => new Set());
    this.seen = new NumberSet(Math.min(Math.max(expectedNumbers, 1 << 16), MAX_PRESIZED_NUMBERS));
    this.removeValues = new Set((mapping.removeWhen?.values ?? []).map((v) => v.trim().toLowerCase()));
  }

  /** Checks one data row; `rowNumber` is its 1-based row in the file. */
  add(rowNumber: number, cells: readonly string[]): void {
    const disposition = rowDisposition(cells);
    if (disposition === 'summary') this.summary.summaryRowsSkipped++;
    if (disposition === 'data') this.addDataRow(rowNumber, cells);
  }

  /** Checks a row already known to be a data row (see rowDisposition). */
  private addDataRow(rowNumber: number, cells: readonly string[]): void {
    const { mapping, summary, output } = this;
    summary.rows++;
    const removeRow = mapping.removeWhen !== null && this.removeValues.has((cells[mapping.removeWhen.column] ?? '').trim().toLowerCase());
    this.rowTagsFor = 0;
    const national = this.phoneFormat === 'national';
    for (const column of mapping.phone) {
      const cell = cells[column] ?? '';
      if (cell === '') continue;
      // The common case without allocating a result: one NANP number in a usual shape. This is
      // what checkPhoneCell does first too, so the outcome is the same (see its fast path).
      if (mapping.country === 'US' && this.fastPath) {
        // A cell in one of those shapes is plain ASCII without spaces around: cleaning it
        // would give it back unchanged, so it is tried as it is first.
        let text = cell;
        let fast = fastNanpMatch(cell);
        if (!fast && cell.length <= 64) {
          text = cleanCellText(cell);
          fast = text !== cell && text !== '' && fastNanpMatch(text);
        }
        if (fast) {
          summary.numbers++;
          const e164 = lastNanpE164();
          this.acceptNumber(rowNumber, column, text, e164, lastNanp.value, national ? e164.slice(2) : null, lineTypeHint(lastNanp.type), false, null, null, removeRow, cells);
          continue;
        }
      }
      for (const check of checkPhoneCell(cell, mapping.country, { national: false, fastPath: this.fastPath })) {
        summary.numbers++;
        if (!check.valid) {
          summary.invalid++;
          const reason = check.reason ?? 'INVALID';
          summary.invalidReasons[reason]++;
          output.problem?.({ row: rowNumber, column: this.columnName(column), index: column, value: check.input, reason, detail: DETAILS[reason] });
          output.outcome?.(rowNumber, column, 'invalid', 0, reason);
          continue;
        }
        const e164 = check.e164 as string;
        if (check.lostPlus) {
          output.problem?.({
            row: rowNumber,
            column: this.columnName(column),
            index: column,
            value: check.input,
            reason: 'MAY_HAVE_LOST_PLUS',
            detail: `read as ${e164}, and sent so; if its + was lost it is ${check.lostPlus}: check it in the CRM`,
          });
        }
        const northAmerican = e164.startsWith('+1');
        if (!northAmerican) {
          this.summary.international++;
          const leaveOut = mapping.leaveOutInternational === true;
          output.problem?.({
            row: rowNumber,
            column: this.columnName(column),
            index: column,
            value: check.input,
            reason: 'INTERNATIONAL',
            detail: leaveOut ? `outside North America (${e164}): left out, as asked` : `outside North America (${e164}): it needs an international campaign at TextPower`,
          });
          if (leaveOut) {
            summary.valid++;
            summary.internationalLeftOut++;
            output.outcome?.(rowNumber, column, 'left_out', Number(e164.slice(1)), null);
            continue;
          }
        }
        this.acceptNumber(
          rowNumber,
          column,
          check.input,
          e164,
          Number(e164.slice(1)),
          national ? textPowerNumber(e164) : e164,
          check.lineType,
          check.removal,
          check.repaired,
          check.extension,
          removeRow,
          cells,
        );
      }
    }
  }

  /** The tags of the row being checked, cleaned once for all its numbers (one array, reused row after row). */
  private readonly rowTags: string[] = [];
  /** The row number rowTags holds the tags of; 0 before its first number. */
  private rowTagsFor = 0;

  /** A valid number: counted, checked for duplicates, and written with the row's tags (or as a removal). */
  private acceptNumber(
    rowNumber: number,
    column: number,
    input: string,
    e164: string,
    /** The E.164 digits as an integer (at 15 digits at most it is exact), the key for duplicates. */
    value: number,
    national: string | null,
    lineType: LineTypeHint,
    removal: boolean,
    repaired: PhoneCheck['repaired'],
    extension: string | null,
    removeRow: boolean,
    cells: readonly string[],
  ): void {
    const { summary, output } = this;
    summary.valid++;
    summary.lineTypes[lineType]++;
    if (repaired) summary.repaired++;
    if (extension) {
      summary.extensionsRemoved++;
      output.problem?.({
        row: rowNumber,
        column: this.columnName(column),
        index: column,
        value: input,
        reason: 'EXTENSION_REMOVED',
        detail: `extension ${extension} removed: texts go to the number itself`,
      });
    }
    if (!this.seen.add(value)) {
      summary.duplicates++;
      output.problem?.({
        row: rowNumber,
        column: this.columnName(column),
        index: column,
        value: input,
        reason: 'DUPLICATE',
        detail: `same number as an earlier row (${e164}); the first occurrence is kept`,
      });
      output.outcome?.(rowNumber, column, 'duplicate', value, null);
      return;
    }
    const number = this.phoneFormat === 'national' ? (national as string) : e164;
    summary.written++;
    if (removeRow || removal) {
      summary.removals++;
      output.row?.(`-${number}`, NO_TAGS);
      output.outcome?.(rowNumber, column, 'removed', value, null);
      return;
    }
    // Tags are cleaned even when nothing is written: their changes are reported by check too.
    if (this.rowTagsFor !== rowNumber) {
      this.cleanTags(rowNumber, cells);
      this.rowTagsFor = rowNumber;
    }
    output.row?.(number, this.rowTags);
    output.outcome?.(rowNumber, column, 'sent', value, null);
  }

  /** Fills rowTags with the row's cleaned tags, reporting each distinct change once. */
  private cleanTags(rowNumber: number, cells: readonly string[]): void {
    const tags = this.rowTags;
    const columns = this.mapping.tags;
    if (tags.length !== columns.length) tags.length = columns.length;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i] as number;
      const text = cells[column] ?? '';
      if (!hasText(text)) {
        tags[i] = '';
        continue;
      }
      const cleaned = cleanTag(text);
      tags[i] = cleaned.tag;
      if (cleaned.changed) this.summary.tagsChanged++;
      if (cleaned.digitLeading) this.summary.tagsDigitLeading++;
      if (!cleaned.changed && !cleaned.digitLeading) continue;
      // Each distinct change is reported once, at the first row where it happens.
      const reported = this.reportedCleanedTags[i] as Set<CleanedTag>;
      if (reported.has(cleaned)) continue;
      reported.add(cleaned);
      const key = `${column}\u0000${cleaned.original}`;
      if (this.reportedTagChanges.has(key)) continue;
      this.reportedTagChanges.add(key);
      const column_ = this.columnName(column);
      if (cleaned.tag === '') {
        this.output.problem?.({ row: rowNumber, column: column_, index: column, value: cleaned.original, reason: 'TAG_EMPTY', detail: 'no letters or digits: tag left out' });
      } else if (cleaned.truncated) {
        this.output.problem?.({ row: rowNumber, column: column_, index: column, value: cleaned.original, reason: 'TAG_TRUNCATED', detail: `cut to 75 characters: ${cleaned.tag}` });
      } else if (cleaned.changed) {
        this.output.problem?.({
          row: rowNumber,
          column: column_,
          index: column,
          value: cleaned.original,
          reason: 'TAG_CHANGED',
          detail: `tags may hold only letters and digits: sent as ${cleaned.tag}`,
        });
      }
      if (cleaned.digitLeading) {
        this.output.problem?.({
          row: rowNumber,
          column: column_,
          index: column,
          value: cleaned.original,
          reason: 'TAG_DIGIT_LEADING',
          detail: 'begins with a digit: stored, but not listed as a group in TextPower’s apps',
        });
      }
    }
  }

  private columnName(index: number): string {
    return columnLabel(index, this.headers);
  }
}
