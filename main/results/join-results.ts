/**
 * Results joined back to the user's rows: for each number the send found, its row and column,
 * line type, opt status and what happened. Numbers that never left (invalid locally) say so.
 */
import { writeFile } from 'node:fs/promises';
import * as XLSX from 'xlsx';
import { csvRow, neutralizeFormula } from '../../shared/formats/csv-text';
import { columnLabel } from '../../shared/mapping/column-ref';
import type { ServiceResult } from '../../shared/results/result-file';
import { TxpError } from '../../shared/txp-error';
import type { SendRecord } from '../checking/send-record';
import type { PreparedList } from '../mapping/plan-list';
import { withAtomicFile } from '../writing/atomic-file-writer';

export interface JoinedNumber {
  /** 1-based row in the source file. */
  row: number;
  column: string;
  value: string;
  phone: string | null;
  lineType: string;
  optStatus: string;
  detail: string;
  /** The source row's cells, for the export. */
  cells: string[];
}

export interface ResultCounts {
  lineTypes: Record<string, number>;
  optStatus: Record<string, number>;
  details: Record<string, number>;
}

/**
 * Joins the service's results to the record of what was sent. The file is read once more,
 * only for the cells of the rows the record names (their text, and the export's columns);
 * which number was sent, removed, a duplicate or invalid comes from the record alone.
 */
export async function joinResults(list: PreparedList, record: SendRecord, results: readonly ServiceResult[]): Promise<{ numbers: JoinedNumber[]; counts: ResultCounts }> {
  const byPhone = new Map(results.filter((r) => r.phone !== '').map((r) => [r.phone, r]));
  const numbers: JoinedNumber[] = [];
  /** The row where each number was sent: later copies were not sent again. */
  const sentRow = new Map<string, number>();
  let next = 0;
  let rowNumber = 0;
  for await (const batch of list.table.rows()) {
    for (const cells of batch) {
      rowNumber++;
      for (; next < record.length; next++) {
        const entry = record.at(next);
        if (entry.row !== rowNumber) break;
        const value = (cells[entry.column] ?? '').trim();
        const base = { row: rowNumber, column: columnLabel(entry.column, list.layout.headers), value, cells };
        if (entry.kind === 'invalid' || entry.e164 === null) {
          numbers.push({ ...base, phone: null, lineType: 'invalid', optStatus: 'not_opted_in', detail: `not sent: ${entry.reason ?? 'INVALID'}` });
          continue;
        }
        const result = byPhone.get(entry.e164);
        if (entry.kind === 'duplicate') {
          const first = sentRow.get(entry.e164);
          numbers.push({ ...base, phone: entry.e164, lineType: result?.lineType ?? 'unknown', optStatus: result?.optStatus ?? 'not_opted_in', detail: `same number as row ${first ?? '?'}` });
          continue;
        }
        sentRow.set(entry.e164, rowNumber);
        numbers.push(
          result
            ? { ...base, phone: result.phone, lineType: result.lineType, optStatus: result.optStatus, detail: result.detail }
            : {
                ...base,
                phone: entry.e164,
                lineType: 'unknown',
                optStatus: 'not_opted_in',
                detail: entry.kind === 'removed' ? 'sent as a removal; no result from the service' : 'no result from the service',
              },
        );
      }
    }
    if (next >= record.length) break;
  }
  const counts: ResultCounts = { lineTypes: {}, optStatus: {}, details: {} };
  for (const n of numbers) {
    counts.lineTypes[n.lineType] = (counts.lineTypes[n.lineType] ?? 0) + 1;
    counts.optStatus[n.optStatus] = (counts.optStatus[n.optStatus] ?? 0) + 1;
    counts.details[n.detail] = (counts.details[n.detail] ?? 0) + 1;
  }
  return { numbers, counts };
}

/** The joined table as rows for people: the source row's cells, then what happened to the number. */
function exportRows(list: PreparedList, numbers: readonly JoinedNumber[]): string[][] {
  const width = list.layout.width;
  const headers = Array.from({ length: width }, (_, i) => columnLabel(i, list.layout.headers));
  const rows = [['Row', ...headers, 'Phone column', 'Number', 'Line type', 'Opt status', 'What happened']];
  for (const n of numbers) {
    const source = Array.from({ length: width }, (_, i) => n.cells[i] ?? '');
    rows.push([String(n.row), ...source, n.column, n.phone ?? n.value, n.lineType, n.optStatus, n.detail]);
  }
  return rows;
}

/** Writes the joined results as CSV or XLSX (by the file's extension); cells that would run as formulas are neutralized. */
export async function exportResults(path: string, list: PreparedList, numbers: readonly JoinedNumber[]): Promise<void> {
  const rows = exportRows(list, numbers);
  if (/\.xlsx$/i.test(path)) {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows.map((row) => row.map(neutralizeFormula))), 'Results');
    await writeFile(path, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    return;
  }
  if (!/\.csv$/i.test(path)) throw new TxpError('USAGE', `--results ${path}: write .csv or .xlsx.`);
  await withAtomicFile(path, async (out) => {
    for (const row of rows) out?.write(csvRow(row, { forPeople: true }));
  });
}
