/**
 * Decides what a file is by its content (magic bytes), not only by its name: a renamed file
 * is read as what it is, or refused with a clear message.
 */
import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { TxpError } from '../../shared/txp-error';

export type FileFormat = 'csv' | 'tsv' | 'txt' | 'xlsx' | 'xlsm' | 'xls' | 'ods';
export type FileKind = 'text' | 'workbook';

export const WORKBOOK_FORMATS: readonly FileFormat[] = ['xlsx', 'xlsm', 'xls', 'ods'];

export interface DetectedFormat {
  format: FileFormat;
  kind: FileKind;
  size: number;
}

const HEAD_BYTES = 64 * 1024;

export async function detectFileFormat(path: string): Promise<DetectedFormat> {
  const name = basename(path);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : String(code ?? error);
    throw new TxpError('INPUT', `Cannot open ${path}: ${why}.`);
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) throw new TxpError('INPUT', `${name} is empty.`);
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    await handle.read(head, 0, head.length, 0);
    return { ...classify(head, name), size };
  } finally {
    await handle.close();
  }
}

function classify(head: Buffer, name: string): { format: FileFormat; kind: FileKind } {
  const ext = extname(name).slice(1).toLowerCase();
  // ZIP container: XLSX, XLSM or ODS.
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) {
    const text = head.toString('latin1');
    if (text.includes('mimetypeapplication/vnd.oasis.opendocument.spreadsheet')) return { format: 'ods', kind: 'workbook' };
    if (text.includes('mimetypeapplication/vnd.oasis.opendocument')) throw new TxpError('INPUT', `${name} is an OpenDocument file but not a spreadsheet.`);
    if (text.includes('xl/') || text.includes('[Content_Types].xml')) return { format: ext === 'xlsm' ? 'xlsm' : 'xlsx', kind: 'workbook' };
    throw new TxpError('INPUT', `${name} is a ZIP archive, not a spreadsheet. Open the CSV or XLSX file inside it.`);
  }
  // OLE2 compound file: legacy Excel (.xls).
  if (head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0 && head.readUInt32BE(4) === 0xa1b11ae1) {
    return { format: 'xls', kind: 'workbook' };
  }
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') throw new TxpError('INPUT', `${name} is a PDF document, not a spreadsheet or CSV export.`);
  if (!looksLikeText(head)) {
    throw new TxpError('INPUT', `${name} is not a spreadsheet or text file this app can read (CSV, TSV, TXT, XLSX, XLSM, XLS, ODS).`);
  }
  const format: FileFormat = ext === 'tsv' || ext === 'txt' ? ext : 'csv';
  return { format, kind: 'text' };
}

/** Text (in UTF-8, UTF-16 or a single-byte code page) has few control bytes. */
function looksLikeText(head: Buffer): boolean {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return true;
  if (utf16WithoutBom(head) !== null) return true;
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return false;
    if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12) control++;
  }
  return control <= head.length * 0.01;
}

/** UTF-16 without a BOM: every other byte is NUL in mostly-ASCII text. */
export function utf16WithoutBom(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.min(head.length >> 1, 4096);
  if (pairs < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenZero++;
    if (head[2 * i + 1] === 0) oddZero++;
  }
  if (oddZero > pairs * 0.6 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.6 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}
