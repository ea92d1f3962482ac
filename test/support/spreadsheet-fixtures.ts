/**
 * Small spreadsheet fixtures, generated per test run into a temporary folder: workbooks are
 * written with SheetJS itself (XLSX, XLS, ODS), text files byte by byte in the encodings CRM
 * exports come in.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { openTable } from '../../main/reading/open-table';

export type CellValue = string | number | boolean | null;

export class FixtureDir {
  readonly dir = mkdtempSync(join(tmpdir(), 'txp-fixtures-'));

  path(name: string): string {
    return join(this.dir, name);
  }

  text(name: string, content: string | Buffer): string {
    writeFileSync(this.path(name), content);
    return this.path(name);
  }

  /** A workbook with the given sheets; numbers are stored as numeric cells. */
  workbook(name: string, sheets: Record<string, CellValue[][]>, bookType: XLSX.BookType = 'xlsx', numberFormat?: string, sharedStrings = false): string {
    const book = XLSX.utils.book_new();
    for (const [sheetName, rows] of Object.entries(sheets)) {
      const sheet = XLSX.utils.aoa_to_sheet(rows);
      if (numberFormat) {
        for (const [address, cell] of Object.entries(sheet)) {
          if (!address.startsWith('!') && (cell as XLSX.CellObject).t === 'n') (cell as XLSX.CellObject).z = numberFormat;
        }
      }
      XLSX.utils.book_append_sheet(book, sheet, sheetName);
    }
    writeFileSync(this.path(name), XLSX.write(book, { type: 'buffer', bookType, bookSST: sharedStrings }) as Buffer);
    return this.path(name);
  }

  /** An XLSX whose <dimension> claims the whole grid (A1:XFD1048576) while it holds a few cells. */
  dimensionBomb(name: string, rows: CellValue[][]): string {
    const path = this.workbook(name, { Sheet1: rows });
    const files = unzipSync(new Uint8Array(readFileSync(path)));
    const sheet = 'xl/worksheets/sheet1.xml';
    files[sheet] = strToU8(strFromU8(files[sheet] as Uint8Array).replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>'));
    writeFileSync(path, zipSync(files));
    return path;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** UTF-16 LE with BOM, as Excel's "Unicode Text" export writes it. */
export function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

export function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1] as number, le[i] as number];
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
}

/** Windows-1252 bytes for Latin-1 text (é = 0xE9), as older CRMs on Windows export. */
export function windows1252(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

/** Every row of a file as openTable streams it: of `sheet` when given, only `columns` read when given. */
export async function allRows(path: string, options: { sheet?: string; columns?: number[] } = {}): Promise<string[][]> {
  const table = await openTable(path, options.sheet === undefined ? {} : { sheet: options.sheet });
  const rows: string[][] = [];
  for await (const batch of table.rows(options.columns === undefined ? {} : { columns: options.columns })) rows.push(...batch);
  return rows;
}
