/**
 * Decides what a file is by its content (magic bytes), not only by its name: a renamed file
 * is read as what it is, or refused with a clear message.
 */
import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { TxpError } from '../../shared/txp-error';

export const FILE_FORMATS = ['csv', 'tsv', 'txt', 'xlsx', 'xlsm', 'xlsb', 'xls', 'ods', 'fods', 'numbers', 'html', 'sylk', 'dif'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];
export type FileKind = 'text' | 'workbook';

export const WORKBOOK_FORMATS: readonly FileFormat[] = ['xlsx', 'xlsm', 'xlsb', 'xls', 'ods', 'fods', 'numbers', 'html', 'sylk', 'dif'];

/** What people call each format, for messages ("an HTML table saved as .xls"). */
export const FORMAT_NAMES: Record<FileFormat, string> = {
  csv: 'CSV',
  tsv: 'TSV',
  txt: 'text',
  xlsx: 'XLSX',
  xlsm: 'XLSM',
  xlsb: 'XLSB',
  xls: 'XLS',
  ods: 'ODS',
  fods: 'flat ODS (XML)',
  numbers: 'Apple Numbers',
  html: 'HTML table',
  sylk: 'SYLK',
  dif: 'DIF',
};

export interface DetectedFormat {
  format: FileFormat;
  kind: FileKind;
  size: number;
}

const HEAD_BYTES = 64 * 1024;

export async function detectFileFormat(path: string): Promise<DetectedFormat> {
  const name = basename(path);
  // Excel keeps ~$NAME beside a workbook it has open: a few bytes of the user's name, not the export.
  if (name.startsWith('~$')) {
    throw new TxpError('INPUT', `${name} is the lock file Excel keeps while ${name.slice(2)} is open, not an export. Close Excel and open ${name.slice(2)}.`);
  }
  // Before opening: a FIFO would block the open, and a folder or device is no file to read.
  let stats;
  try {
    stats = await stat(path);
  } catch (error) {
    throw cannotOpen(path, error);
  }
  if (stats.isDirectory()) throw new TxpError('INPUT', `${name} is a folder, not a file. Open the export file inside it.`);
  if (!stats.isFile()) throw new TxpError('INPUT', `${name} is not a file (a device or a pipe). Save the export as a file and open that.`);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw cannotOpen(path, error);
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
    if (text.includes('xl/workbook.bin')) return { format: 'xlsb', kind: 'workbook' };
    if (text.includes('xl/') || text.includes('[Content_Types].xml')) return { format: ext === 'xlsm' ? 'xlsm' : 'xlsx', kind: 'workbook' };
    // An ODS whose mimetype entry is not first (or missing), and Apple Numbers: SheetJS reads both.
    if (text.includes('content.xml') && (text.includes('META-INF/manifest.xml') || ext === 'ods')) return { format: 'ods', kind: 'workbook' };
    if (text.includes('Index/Document.iwa')) return { format: 'numbers', kind: 'workbook' };
    if (text.includes('word/')) throw new TxpError('INPUT', `${name} is a Word document, not a spreadsheet. Export the list from the CRM as CSV or XLSX.`);
    throw new TxpError('INPUT', `${name} is a ZIP archive, not a spreadsheet. Open the CSV or XLSX file inside it.`);
  }
  // OLE2 compound file: legacy Excel (.xls).
  if (head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0 && head.readUInt32BE(4) === 0xa1b11ae1) {
    // Stream names are UTF-16 in the directory: a password-protected XLSX is an OLE2 file too.
    const streams = head.toString('utf16le') + head.subarray(1).toString('utf16le');
    if (streams.includes('EncryptionInfo') || streams.includes('EncryptedPackage')) {
      throw new TxpError('INPUT', `${name} is protected with a password. Open it in Excel, save a copy without the password, and open that copy.`);
    }
    if (streams.includes('WordDocument')) throw new TxpError('INPUT', `${name} is a Word document, not a spreadsheet. Export the list from the CRM as CSV or XLSX.`);
    if (streams.includes('PowerPoint Document')) throw new TxpError('INPUT', `${name} is a PowerPoint file, not a spreadsheet. Export the list from the CRM as CSV or XLSX.`);
    return { format: 'xls', kind: 'workbook' };
  }
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') throw new TxpError('INPUT', `${name} is a PDF document, not a spreadsheet or CSV export.`);
  if (!looksLikeText(head)) {
    throw new TxpError('INPUT', `${name} is not a spreadsheet or text file this app can read (CSV, TSV, TXT, XLSX, XLSM, XLS, ODS).`);
  }
  const markup = markupFormat(head);
  if (markup) return { format: markup, kind: 'workbook' };
  const format: FileFormat = ext === 'tsv' || ext === 'txt' ? ext : 'csv';
  return { format, kind: 'text' };
}

/**
 * Spreadsheets written as text: an HTML table (what web CRMs' "Export to Excel" often saves as
 * .xls), a flat ODS (XML), SYLK and DIF. SheetJS reads them; as comma text they would be nonsense.
 */
function markupFormat(head: Buffer): FileFormat | null {
  const text = decodeHead(head)
    .replace(/^\uFEFF/, '')
    .trimStart();
  const start = text.slice(0, 2048).toLowerCase();
  if (start.startsWith('<?xml') || start.startsWith('<office:document')) {
    if (start.includes('office:document') || text.includes('urn:oasis:names:tc:opendocument:xmlns:office')) return 'fods';
    if (start.includes('urn:schemas-microsoft-com:office:spreadsheet')) return 'html'; // Excel 2003 XML: SheetJS reads it like HTML
  }
  if (/^<(!doctype html|html|table|meta|head|body)\b/.test(start) || (start.startsWith('<') && start.includes('<table'))) return 'html';
  if (/^id;p/.test(start)) return 'sylk';
  if (/^table\r?\n0,1\r?\n/.test(start)) return 'dif';
  return null;
}

function decodeHead(head: Buffer): string {
  if (head[0] === 0xff && head[1] === 0xfe) return head.subarray(2).toString('utf16le');
  const utf16 = utf16WithoutBom(head);
  if (utf16 === 'utf-16le') return head.toString('utf16le');
  return head.toString('latin1');
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

/** Why a file cannot be opened, in words, with what to do; never the system's own error text. */
function cannotOpen(path: string, error: unknown): TxpError {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new TxpError('INPUT', `Cannot open ${path}: there is no such file. It may have been moved, renamed or deleted; open it from where it is now.`);
    case 'EACCES':
    case 'EPERM':
      return new TxpError('INPUT', `Cannot open ${path}: you do not have permission to read it. Ask its owner for access, or save a copy where you can read it, and open that.`);
    case 'ELOOP':
      return new TxpError('INPUT', `Cannot open ${path}: it is a link that points to itself. Open the file it was meant to point to.`);
    case 'EISDIR':
      return new TxpError('INPUT', `Cannot open ${path}: it is a folder. Open the export file inside it.`);
    default:
      return new TxpError('INPUT', `Cannot open ${path} (${code ?? 'unknown error'}). Check that the file is still there and readable, and open it again.`);
  }
}
