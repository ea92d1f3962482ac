/**
 * Results joined back to the user's rows: for each number the send found, its row and column,
 * line type, opt status and what happened. Numbers that never left (invalid locally) say so.
 */
import { writeFile } from 'node:fs/promises';
import * as XLSX from 'xlsx';
import { csvRow } from '../../shared/formats/csv-text';
import { textCells } from '../../shared/formats/xlsx-text';
import { columnLabel } from '../../shared/mapping/column-ref';
import { identityText, planIdentity } from '../../shared/mapping/suggest-mapping';
import { SOURCE_WORDS, type OptState, type StatusSource } from '../../shared/results/opt-status';
import { TxpError } from '../../shared/txp-error';
import type { SendRecord } from '../checking/send-record';
import type { PreparedList } from '../mapping/plan-list';
import { withAtomicFile } from '../writing/atomic-file-writer';

export interface JoinedNumber {
  /** 1-based row in the source file. */
  row: number;
  column: string;
  value: string;
  /** E.164; null for a number this app found invalid. */
  phone: string | null;
  lineType: 'mobile' | 'invalid' | 'unknown';
  optStatus: OptState;
  /** Where the status comes from (TextPower's service, the sandbox's simulation, this app's check, or none). */
  source: StatusSource;
  detail: string;
  /** Whose number it is: the row's name (or e-mail, or record id) columns; it stays on this machine. */
  who: string;
  /** The source row's cells, for the export (empty unless asked for: JoinOptions.cells). */
  cells: string[];
}

export interface ResultCounts {
  lineTypes: Record<string, number>;
  optStatus: Record<string, number>;
  details: Record<string, number>;
  sources: Record<string, number>;
}

export interface JoinOptions {
  /** Join at most this many numbers (the counts cover them all); the file is read only as far as their rows. */
  limit?: number;
  /** Keep each row's cells (for the export); without it, only the number's own cell is kept. */
  cells?: boolean;
}

/** What is known of a number that was sent (to be added, or as a removal). */
export type SentStatus = Pick<JoinedNumber, 'lineType' | 'optStatus' | 'source' | 'detail'>;

/**
 * Joins what is known of each number sent (`statusOf`) to the record of what the send did.
 * What became of each number (sent, removed, a duplicate, invalid) and the counts come from
 * the record alone; the file is read once more only for the text of the joined rows, and
 * only as far as the last of them.
 */
export async function joinResults(
  list: PreparedList,
  record: SendRecord,
  statusOf: (e164: string, removal: boolean) => SentStatus,
  options: JoinOptions = {},
): Promise<{ numbers: JoinedNumber[]; counts: ResultCounts; total: number }> {
  const labels = new Map<number, string>();
  const label = (column: number): string => {
    let text = labels.get(column);
    if (text === undefined) labels.set(column, (text = columnLabel(column, list.layout.headers)));
    return text;
  };
  /** The row where each number was sent: later copies were not sent again. */
  const sentRow = new Map<string, number>();
  const counts: ResultCounts = { lineTypes: {}, optStatus: {}, details: {}, sources: {} };
  const limit = Math.min(options.limit ?? Infinity, record.length);
  const numbers: JoinedNumber[] = [];
  /** The 0-based column of each joined number, to read its cell. */
  const columns: number[] = [];
  for (let i = 0; i < record.length; i++) {
    const entry = record.at(i);
    let outcome: Pick<JoinedNumber, 'phone' | 'lineType' | 'optStatus' | 'source' | 'detail'>;
    if (entry.kind === 'left_out' && entry.e164 !== null) {
      outcome = { phone: entry.e164, lineType: 'unknown', optStatus: 'unknown', source: 'local', detail: 'not sent: outside North America (left out, as asked)' };
    } else if (entry.kind === 'invalid' || entry.e164 === null) {
      outcome = { phone: null, lineType: 'invalid', optStatus: 'unknown', source: 'local', detail: `not sent: ${entry.reason ?? 'INVALID'}` };
    } else if (entry.kind === 'duplicate') {
      outcome = { phone: entry.e164, ...statusOf(entry.e164, false), detail: `same number as row ${sentRow.get(entry.e164) ?? '?'}: sent once` };
    } else {
      sentRow.set(entry.e164, entry.row);
      outcome = { phone: entry.e164, ...statusOf(entry.e164, entry.kind === 'removed') };
    }
    counts.lineTypes[outcome.lineType] = (counts.lineTypes[outcome.lineType] ?? 0) + 1;
    counts.optStatus[outcome.optStatus] = (counts.optStatus[outcome.optStatus] ?? 0) + 1;
    // What happened, in short: the detail up to its first ';' (the service's own words follow it).
    const happened = outcome.detail.split(';')[0] as string;
    counts.details[happened] = (counts.details[happened] ?? 0) + 1;
    counts.sources[outcome.source] = (counts.sources[outcome.source] ?? 0) + 1;
    if (i < limit) {
      numbers.push({ row: entry.row, column: label(entry.column), value: '', who: '', cells: [], ...outcome });
      columns.push(entry.column);
    }
  }
  await fillCells(list, numbers, columns, options.cells ?? false);
  return { numbers, counts, total: record.length };
}

/** Reads the file as far as the last joined row, for each joined number's cell text (and, for the export, its row's cells). */
async function fillCells(list: PreparedList, numbers: JoinedNumber[], columns: readonly number[], keepCells: boolean): Promise<void> {
  if (numbers.length === 0) return;
  const lastRow = (numbers[numbers.length - 1] as JoinedNumber).row;
  const identity = planIdentity(list.plan, list.layout.headers);
  let next = 0;
  let rowNumber = 0;
  for await (const batch of list.table.rows()) {
    for (const cells of batch) {
      rowNumber++;
      for (; next < numbers.length && (numbers[next] as JoinedNumber).row === rowNumber; next++) {
        const joined = numbers[next] as JoinedNumber;
        joined.value = (cells[columns[next] as number] ?? '').trim();
        joined.who = identityText(cells, identity);
        if (keepCells) joined.cells = cells;
      }
      if (rowNumber >= lastRow) return;
    }
  }
}

/** The joined table as rows for people: the source row's cells, then what happened to the number. */
function exportRows(list: PreparedList, numbers: readonly JoinedNumber[]): string[][] {
  const width = list.layout.width;
  const headers = Array.from({ length: width }, (_, i) => columnLabel(i, list.layout.headers));
  const rows = [['Row', ...headers, 'Phone column', 'Number', 'Line type', 'Opt status', 'Status from', 'What happened']];
  for (const n of numbers) {
    const source = Array.from({ length: width }, (_, i) => n.cells[i] ?? '');
    rows.push([String(n.row), ...source, n.column, n.phone ?? n.value, n.lineType, n.optStatus, SOURCE_WORDS[n.source], n.detail]);
  }
  return rows;
}

/** Writes the joined results as CSV or XLSX (by the file's extension): CSV cells that would run as formulas are neutralized; XLSX cells are text cells, never formulas. */
export async function exportResults(path: string, list: PreparedList, numbers: readonly JoinedNumber[]): Promise<void> {
  const rows = exportRows(list, numbers);
  if (/\.xlsx$/i.test(path)) {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(textCells(rows)), 'Results');
    await writeFile(path, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    return;
  }
  if (!/\.csv$/i.test(path)) throw new TxpError('USAGE', `--results ${path}: write .csv or .xlsx.`);
  await withAtomicFile(path, async (out) => {
    for (const row of rows) out?.write(csvRow(row, { forPeople: true }));
  });
}
