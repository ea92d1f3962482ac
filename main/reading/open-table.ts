/**
 * Opens any CRM export as one kind of thing: a table of cell texts with a little metadata,
 * whose rows can be streamed from the start as often as needed.
 */
import { basename } from 'node:path';
import { looksLikePhone } from '../../shared/mapping/detect-header-row';
import { namedLikePhone } from '../../shared/mapping/suggest-mapping';
import { TxpError } from '../../shared/txp-error';
import { detectFileFormat, type DetectedFormat, type FileFormat, type FileKind } from './detect-file-format';
import { CsvParser } from './csv-parser';
import { detectDelimiter, estimateRowCount, readTextRows, readTextSample, type Delimiter } from './read-text-table';
import { MAX_WORKBOOK_BYTES, readWorkbook } from './read-workbook';
import { openXlsxReader } from './xlsx-reader';
import { detectTextEncoding, type TextEncoding } from './text-encoding';

export const SAMPLE_ROWS = 60;

export interface OpenedTable {
  file: string;
  format: FileFormat;
  kind: FileKind;
  encoding: TextEncoding | null;
  delimiter: Delimiter | null;
  sheets: string[];
  sheet: string | null;
  /** The first rows of the table, from its first row. */
  sample: string[][];
  /** About how many rows the table has (a hint for sizing and progress, from a text file's sample or an XLSX sheet's first rows), or null. */
  estimatedRows: number | null;
  /**
   * Streams every row from the first, in batches. With `columns` (0-based), a text file's or
   * XLSX sheet's other cells may come as '' or UNREAD_CELL instead of their text (see CsvParser): for a
   * reader that needs those columns only, and whether a row is blank or short.
   */
  rows(options?: RowOptions): AsyncGenerator<string[][]>;
}

export interface RowOptions {
  columns?: readonly number[];
}

export async function openTable(path: string, options: { sheet?: string } = {}): Promise<OpenedTable> {
  const detected = await detectFileFormat(path);
  const file = basename(path);
  if (detected.kind === 'text') {
    if (options.sheet !== undefined) throw new TxpError('USAGE', `${file} is a text file and has no sheets; leave out --sheet.`);
    let encoding = await detectTextEncoding(path);
    let text = await readTextSample(path, encoding);
    // Excel's "sep=;" first line names the delimiter; it is no row of the table.
    const sep = /^sep=([,;\t|])\r?\n/i.exec(text);
    if (sep) {
      const charBytes = encoding.encoding === 'utf-16le' || encoding.encoding === 'utf-16be' ? 2 : 1;
      encoding = { ...encoding, skip: encoding.skip + sep[0].length * charBytes };
      text = text.slice(sep[0].length);
    }
    if (text.trim() === '') throw new TxpError('INPUT', `${file} has no data (only blank lines).`);
    const delimiter = sep ? (sep[1] as Delimiter) : detectDelimiter(text);
    const rows = (options: RowOptions = {}) => readTextRows(path, encoding, delimiter, options.columns);
    return {
      file,
      format: detected.format,
      kind: 'text',
      encoding: encoding.encoding,
      delimiter,
      sheets: [],
      sheet: null,
      sample: completeRows(text, delimiter) ?? (await firstRows(rows())),
      estimatedRows: estimateRowCount(text, detected.size - encoding.skip),
      rows,
    };
  }
  if ((detected.format === 'xlsx' || detected.format === 'xlsm') && detected.size <= MAX_WORKBOOK_BYTES) {
    const quick = await quickXlsxTable(path, file, detected, options.sheet);
    if (quick) return quick;
  }
  const workbook = await readWorkbook(path, detected.format, detected.size);
  if (workbook.sheets.length === 0) throw new TxpError('INPUT', `${file} has no sheets.`);
  const sheet = options.sheet ?? pickSheet(workbook.sheets, (name) => workbook.rows(name).slice(0, SAMPLE_ROWS));
  const all = workbook.rows(sheet);
  if (all.every((row) => row.length === 0)) throw new TxpError('INPUT', `${file}, sheet "${sheet}" is empty.`);
  async function* rows(): AsyncGenerator<string[][]> {
    for (let start = 0; start < all.length; start += 5000) yield all.slice(start, start + 5000);
  }
  return { file, format: detected.format, kind: 'workbook', encoding: null, delimiter: null, sheets: workbook.sheets, sheet, sample: all.slice(0, SAMPLE_ROWS), estimatedRows: all.length, rows };
}

/**
 * An XLSX read directly (see xlsx-reader): its first rows from a streamed look at the sheet
 * (well under a second for any size), every row as a stream when asked for. What the direct
 * read does not expect is read with SheetJS instead, whole, when the rows are asked for.
 */
async function quickXlsxTable(path: string, file: string, detected: DetectedFormat, sheetOption: string | undefined): Promise<OpenedTable | null> {
  const reader = await openXlsxReader(path, file, detected.format === 'xlsm' ? 'xlsm' : 'xlsx');
  if (!reader || reader.sheets.length === 0) return null;
  if (sheetOption !== undefined && !reader.sheets.includes(sheetOption)) {
    throw new TxpError('INPUT', `${file} has no sheet named "${sheetOption}". Its sheets: ${reader.sheets.join(', ')}.`);
  }
  const samples = new Map<string, string[][] | null>();
  const sampleOf = (name: string): string[][] => {
    if (!samples.has(name)) samples.set(name, reader.rows(name, SAMPLE_ROWS));
    return samples.get(name) ?? [];
  };
  const sheet = sheetOption ?? pickSheet(reader.sheets, sampleOf);
  const sample = samples.has(sheet) ? (samples.get(sheet) ?? null) : reader.rows(sheet, SAMPLE_ROWS);
  if (sample === null) return null;
  if (sample.every((row) => row.length === 0)) throw new TxpError('INPUT', `${file}, sheet "${sheet}" is empty.`);
  async function* rows(options: RowOptions = {}): AsyncGenerator<string[][]> {
    const direct = reader?.stream(sheet, options.columns);
    if (direct) {
      yield* direct;
      return;
    }
    const all = (await readWorkbook(path, detected.format, detected.size)).rows(sheet);
    for (let start = 0; start < all.length; start += 5000) yield all.slice(start, start + 5000);
  }
  return { file, format: detected.format, kind: 'workbook', encoding: null, delimiter: null, sheets: reader.sheets, sheet, sample, estimatedRows: reader.estimatedRows(sheet), rows };
}

/**
 * The sheet with the list: the first with a column of phone numbers that is named so or written
 * so (`(212) 555-0125`, `+44 …`); else the first with any cell of phone-like digits; else the
 * first sheet. Bare long numbers alone (a survey's respondent IDs and timestamps) no longer
 * outrank a later sheet whose column is called Mobile.
 */
function pickSheet(sheets: string[], sample: (sheet: string) => string[][]): string {
  let firstWithDigits: string | null = null;
  for (const sheet of sheets) {
    const rows = sample(sheet);
    if (hasPhoneColumn(rows)) return sheet;
    if (firstWithDigits === null && rows.some((row) => row.some(looksLikePhone))) firstWithDigits = sheet;
  }
  return firstWithDigits ?? (sheets[0] as string);
}

/** `2024-03-15 10:30:00`, `03/15/2024`, `10:30`: digits and punctuation, but no phone number. */
const DATE_OR_TIME = /\d:\d\d|^\s*\d{4}-\d\d-\d\d|^\s*\d{1,2}[./]\d{1,2}[./]\d{2,4}\s*$/;

/** Any column whose phone-like cells sit under a phone-named header, or are mostly written with a phone's punctuation. */
function hasPhoneColumn(rows: readonly (readonly string[])[]): boolean {
  const width = Math.max(0, ...rows.map((row) => row.length));
  for (let column = 0; column < width; column++) {
    let named = false;
    let phoneLike = 0;
    let written = 0;
    for (const row of rows) {
      const cell = row[column] ?? '';
      if (looksLikePhone(cell)) {
        phoneLike++;
        if (/[+()\-. ]/.test(cell.trim()) && !DATE_OR_TIME.test(cell)) written++;
      } else if (phoneLike === 0 && namedLikePhone(cell)) {
        named = true; // a header above the numbers
      }
    }
    if (phoneLike > 0 && (named || written * 2 >= phoneLike)) return true;
  }
  return false;
}

/**
 * The first SAMPLE_ROWS rows from the text sample already read, when they are complete in it
 * (else null), instead of reading and parsing the file's first megabyte again for them.
 */
function completeRows(sample: string, delimiter: Delimiter): string[][] | null {
  const rows = new CsvParser(delimiter).push(sample);
  return rows.length >= SAMPLE_ROWS ? rows.slice(0, SAMPLE_ROWS) : null;
}

async function firstRows(batches: AsyncGenerator<string[][]>): Promise<string[][]> {
  const rows: string[][] = [];
  try {
    for await (const batch of batches) {
      rows.push(...batch.slice(0, SAMPLE_ROWS - rows.length));
      if (rows.length >= SAMPLE_ROWS) break;
    }
  } finally {
    await batches.return(undefined);
  }
  return rows;
}
