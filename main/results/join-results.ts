/**
 * Results joined back to the user's rows: for each source row and phone column, the number's
 * line type, opt status and what happened. Numbers that never left (invalid locally) say so.
 */
import { writeFile } from 'node:fs/promises';
import * as XLSX from 'xlsx';
import { csvRow, neutralizeFormula } from '../../shared/formats/csv-text';
import { columnLabel } from '../../shared/mapping/column-ref';
import { rowDisposition } from '../../shared/mapping/detect-header-row';
import { checkPhoneCell } from '../../shared/phone/check-phone-cell';
import type { ServiceResult } from '../../shared/results/result-file';
import { TxpError } from '../../shared/txp-error';
import type { PreparedList } from '../mapping/prepare-list';
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

export async function joinResults(list: PreparedList, results: readonly ServiceResult[]): Promise<{ numbers: JoinedNumber[]; counts: ResultCounts }> {
  const byPhone = new Map(results.filter((r) => r.phone !== '').map((r) => [r.phone, r]));
  const numbers: JoinedNumber[] = [];
  /** The row where each number first appeared: later copies were not sent again. */
  const firstRow = new Map<string, number>();
  let index = 0;
  for await (const batch of list.table.rows()) {
    for (const cells of batch) {
      const rowNumber = ++index;
      if (rowNumber <= list.layout.dataStart || rowDisposition(cells) !== 'data') continue;
      for (const column of list.mapping.phone) {
        for (const check of checkPhoneCell(cells[column] ?? '', list.mapping.country, { national: false })) {
          const base = { row: rowNumber, column: columnLabel(column, list.layout.headers), value: check.input, cells };
          if (!check.valid) {
            numbers.push({ ...base, phone: null, lineType: 'invalid', optStatus: 'not_opted_in', detail: `not sent: ${check.reason}` });
            continue;
          }
          const e164 = check.e164 as string;
          const first = firstRow.get(e164);
          if (first === undefined) firstRow.set(e164, rowNumber);
          const result = byPhone.get(e164);
          if (first !== undefined && result) {
            numbers.push({ ...base, phone: e164, lineType: result.lineType, optStatus: result.optStatus, detail: `same number as row ${first}` });
            continue;
          }
          numbers.push(
            result
              ? { ...base, phone: result.phone, lineType: result.lineType, optStatus: result.optStatus, detail: result.detail }
              : { ...base, phone: check.e164, lineType: 'unknown', optStatus: 'not_opted_in', detail: 'no result from the service' },
          );
        }
      }
    }
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
