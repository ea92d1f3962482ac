/**
 * Reads workbooks (XLSX, XLSM, XLS, ODS) with SheetJS. Numeric cells give their exact integer
 * digits, never their display text (`2.13E+09`). A sheet's extent is computed from the cells
 * it really has, not trusted from the file's <dimension> element, so a tiny file that claims
 * A1:XFD1048576 opens at once. Size limits end in a clear message, not an out-of-memory crash.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInflateRaw } from 'node:zlib';
import { unzipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { TxpError } from '../../shared/txp-error';
import { FORMAT_NAMES, type FileFormat } from './detect-file-format';
import { entryBytes, readZipDirectory } from './zip-directory';

let codepagesLoaded: Promise<void> | null = null;

/**
 * Without its code-page tables SheetJS's ES module reads the 8-bit text of older workbooks as
 * Latin-1, whatever their CODEPAGE record says ("Kováč" in Mac Central European came out as
 * "Kov\x87\x8B"). The tables take half a second to load, so they load once, for such files only.
 */
function loadCodepages(): Promise<void> {
  codepagesLoaded ??= import('xlsx/dist/cpexcel.full.mjs').then((tables) => XLSX.set_cptable(tables));
  return codepagesLoaded;
}

/**
 * Whether an XLS keeps its text in a code page: any whose CODEPAGE record is not UTF-16 (1200),
 * as Excel 97 and later always write it. Excel 95 (BIFF5) and older say 1252, 10029… or nothing
 * (then SheetJS takes 1252).
 */
function needsCodepages(data: Buffer): boolean {
  let stream: Buffer = data;
  if (data.length >= 8 && data.readUInt32LE(0) === 0xe011cfd0) {
    let entry: ReturnType<typeof XLSX.CFB.find> = null;
    try {
      const container = XLSX.CFB.read(data, { type: 'buffer' });
      entry = XLSX.CFB.find(container, 'Workbook') ?? XLSX.CFB.find(container, 'Book');
    } catch {
      return false; // not a container SheetJS reads: its read will say so
    }
    const content = entry?.content as Uint8Array | undefined;
    if (!content) return false;
    stream = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  }
  // The workbook globals, record by record, up to their end (EOF) or their first 64 KB.
  for (let at = 0; at + 4 <= stream.length && at < 65_536;) {
    const type = stream.readUInt16LE(at);
    const length = stream.readUInt16LE(at + 2);
    if (type === 0x0042 && length >= 2 && at + 6 <= stream.length) return stream.readUInt16LE(at + 4) !== 1200;
    if (type === 0x000a) break;
    at += 4 + length;
  }
  return true;
}

/** Excel's own row limit. */
export const MAX_SHEET_ROWS = 1_048_576;
export const MAX_WORKBOOK_BYTES = 200 * 1024 * 1024;
export const MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024;

export interface WorkbookTable {
  sheets: string[];
  /** Rows of a sheet, each an array of cell texts (trailing empty cells trimmed). */
  rows(sheet: string): string[][];
}

export async function readWorkbook(path: string, format: FileFormat, size: number): Promise<WorkbookTable> {
  const name = basename(path);
  if (size > MAX_WORKBOOK_BYTES) {
    throw new TxpError('INPUT', `${name} is ${(size / 1048576).toFixed(0)} MB; workbooks over ${MAX_WORKBOOK_BYTES / 1048576} MB are not read. Save it as CSV instead.`);
  }
  const data = await readFile(path);
  if (ZIP_FORMATS.has(format)) await checkZipSizes(data, name, format);
  if (format === 'xls' && needsCodepages(data)) await loadCodepages();
  let workbook: XLSX.WorkBook;
  try {
    workbook = withoutConsole(() => XLSX.read(data, { type: 'buffer', dense: true, cellDates: true, cellText: false, cellHTML: false, cellFormula: false, WTF: false }));
  } catch {
    // SheetJS's own words ("Bad compressed size: 1168 != 1754711913") tell an office worker nothing.
    throw new TxpError('INPUT', unreadableWorkbook(name, format));
  }
  // Hidden and very hidden sheets are not offered (nor picked by themselves), unless every sheet is hidden.
  const hidden = new Set(workbook.SheetNames.filter((_, i) => Boolean(workbook.Workbook?.Sheets?.[i]?.Hidden)));
  const visible = workbook.SheetNames.filter((sheet) => !hidden.has(sheet));
  return {
    sheets: visible.length > 0 ? visible : workbook.SheetNames,
    rows: (sheet) => {
      const worksheet = workbook.Sheets[sheet];
      if (!worksheet) throw new TxpError('INPUT', `${name} has no sheet named "${sheet}". Its sheets: ${workbook.SheetNames.join(', ')}.`);
      return sheetRows(worksheet, name, sheet);
    },
  };
}

const ZIP_FORMATS = new Set<FileFormat>(['xlsx', 'xlsm', 'xlsb', 'ods', 'numbers']);

/** Runs SheetJS with its console warnings ("ODS number format may be incorrect") kept off the user's terminal. */
function withoutConsole<T>(read: () => T): T {
  const { warn, error, log } = console;
  console.warn = console.error = console.log = () => undefined;
  try {
    return read();
  } finally {
    Object.assign(console, { warn, error, log });
  }
}

/**
 * A ZIP's sizes, before SheetJS inflates anything. First what its directory declares (a zip
 * bomb declares gigabytes); then what each entry really unpacks to, inflated as a stream that
 * stops just past the declared size and keeps nothing: a directory can lie (declare 1 KB and
 * unpack to gigabytes), and SheetJS would find that out only after inflating it all into memory.
 */
async function checkZipSizes(data: Buffer, name: string, format: FileFormat): Promise<void> {
  const declared = new Map<string, number>();
  try {
    unzipSync(data, {
      filter: (file) => {
        declared.set(file.name, file.originalSize); // fflate reads ZIP64 sizes too
        return false; // inflate nothing here
      },
    });
  } catch {
    return; // not readable as a ZIP by fflate: let SheetJS give its own message
  }
  const total = [...declared.values()].reduce((sum, size) => sum + size, 0);
  if (total > MAX_UNCOMPRESSED_BYTES) {
    throw new TxpError('INPUT', tooBigToUnpack(name, total));
  }
  for (const entry of readZipDirectory(data)?.values() ?? []) {
    const bytes = entry.method === 8 ? entryBytes(data, entry) : null;
    const limit = declared.get(entry.name) ?? entry.originalSize;
    const unpacked = bytes ? await unpacks(bytes, limit) : 'within';
    if (unpacked === 'beyond') throw new TxpError('INPUT', unpacksBeyondDirectory(name, entry.name, limit));
    // SheetJS's inflate was seen to loop for ever on a damaged deflate stream, so it never gets one.
    if (unpacked === 'damaged') throw new TxpError('INPUT', unreadableWorkbook(name, format));
  }
}

/** A workbook SheetJS (or the direct XLSX read) could not read. */
export function unreadableWorkbook(name: string, format: FileFormat): string {
  return `${name} (${FORMAT_NAMES[format]}) could not be read: it may be protected with a password, or damaged. Open it in its program, save a copy without a password as XLSX or CSV, and open that.`;
}

/** A ZIP whose directory declares more than MAX_UNCOMPRESSED_BYTES in all. */
export function tooBigToUnpack(name: string, total: number): string {
  return `${name} would unpack to ${(total / 1073741824).toFixed(1)} GB; that is more than a spreadsheet of phone numbers needs, so it is not opened.`;
}

/** A ZIP part that inflates to more than its directory declares. */
export function unpacksBeyondDirectory(name: string, part: string, declared: number): string {
  return `${name} unpacks to more than its own table of contents says (its part "${part}" is given as ${sizeWords(declared)}): the file is damaged, or made to use up memory, so it is not opened. Export it again, or ask for a new copy.`;
}

/**
 * Whether raw deflate `bytes` inflate to more than `limit` bytes (stopping as soon as they do),
 * within it, or are damaged.
 */
function unpacks(bytes: Buffer, limit: number): Promise<'within' | 'beyond' | 'damaged'> {
  return new Promise((resolve) => {
    const inflate = createInflateRaw({ chunkSize: 256 * 1024 });
    let total = 0;
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        inflate.destroy();
        resolve('beyond');
      }
    });
    inflate.on('end', () => resolve('within'));
    inflate.on('error', () => resolve('damaged'));
    inflate.end(bytes);
  });
}

function sizeWords(bytes: number): string {
  if (bytes >= 1048576) return `${(bytes / 1048576).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

function sheetRows(worksheet: XLSX.WorkSheet, name: string, sheet: string): string[][] {
  const data = (worksheet['!data'] ?? []) as (XLSX.CellObject[] | undefined)[];
  // The extent comes from the cells themselves: trailing empty rows are dropped.
  let last = data.length - 1;
  while (last >= 0 && !rowHasValue(data[last])) last--;
  if (last + 1 > MAX_SHEET_ROWS) {
    throw new TxpError('INPUT', `${name}, sheet "${sheet}": more than ${MAX_SHEET_ROWS.toLocaleString('en-US')} rows, Excel's own limit.`);
  }
  const rows: string[][] = new Array(last + 1);
  for (let r = 0; r <= last; r++) {
    const cells = data[r];
    const row: string[] = [];
    if (cells) {
      let width = cells.length;
      while (width > 0 && cellText(cells[width - 1]) === '') width--;
      for (let c = 0; c < width; c++) row.push(cellText(cells[c]));
    }
    rows[r] = row;
  }
  return rows;
}

function rowHasValue(cells: XLSX.CellObject[] | undefined): boolean {
  return cells !== undefined && cells.some((cell) => cellText(cell) !== '');
}

/** The exact text of a cell: integers as all their digits, dates as ISO dates, text as is. */
export function cellText(cell: XLSX.CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  const value = cell.v;
  switch (cell.t) {
    case 'n':
      return numberText(value as number);
    case 'b':
      return value ? 'TRUE' : 'FALSE';
    case 'd':
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
    case 'e':
      return '';
    default:
      return String(value);
  }
}

/** 12125550125 → "12125550125", never "1.21256E+10"; fractions keep their decimal digits. */
export function numberText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toFixed(0);
  return String(value);
}
