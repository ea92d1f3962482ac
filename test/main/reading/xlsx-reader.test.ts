/**
 * The direct XLSX read (main/reading/xlsx-reader.ts) against SheetJS's full read of the same
 * files: every row, cell for cell. Workbooks as SheetJS writes them (with and without shared
 * strings, deflated and stored, large enough to cross many inflate chunks), and sheet XML
 * written by hand the way Excel and other programs write it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { statSync, writeFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { SHORT_ROW_CELLS, UNREAD_CELL } from '../../../main/reading/csv-parser';
import { openTable } from '../../../main/reading/open-table';
import { readWorkbook } from '../../../main/reading/read-workbook';
import { openXlsxReader } from '../../../main/reading/xlsx-reader';
import { entryBytes, readZipDirectory } from '../../../main/reading/zip-directory';
import { messyRows } from '../../bench/messy-data';
import { allRows, FixtureDir } from '../../support/spreadsheet-fixtures';

const fixtures = new FixtureDir();
afterAll(() => fixtures.remove());

async function sheetjs(path: string, sheet: string): Promise<string[][]> {
  return (await readWorkbook(path, 'xlsx', statSync(path).size)).rows(sheet);
}

/** The messy export's rows, with digit-only cells as numbers, as Excel saves them. */
function messyTable(count: number): (string | number)[][] {
  const table: (string | number)[][] = [['Contact ID', 'First Name', 'Last Name', 'Email', 'Mobile Phone', 'City', 'Tag']];
  for (const row of messyRows(count)) table.push(row.map((cell) => (/^\d{1,15}$/.test(cell) ? Number(cell) : cell)));
  return table;
}

/**
 * The rows read for `columns` only that break CsvParser's rule, against the rows read whole
 * (at most five): the asked columns exactly, other cells their text or UNREAD_CELL when filled
 * and '' when empty, and a row of SHORT_ROW_CELLS filled cells or fewer whole.
 */
function brokenRows(partial: string[][], whole: string[][], columns: number[]): unknown[] {
  const broken: unknown[] = [];
  if (partial.length !== whole.length) return [`${partial.length} rows, not ${whole.length}`];
  whole.forEach((row, r) => {
    const got = partial[r] ?? [];
    const short = row.filter((cell) => cell !== '').length <= SHORT_ROW_CELLS;
    const fine = got.length === row.length && row.every((cell, c) => got[c] === cell || (!short && !columns.includes(c) && cell !== '' && got[c] === UNREAD_CELL));
    if (!fine && broken.length < 5) broken.push({ row: r, whole: row, got });
  });
  return broken;
}

describe('the direct XLSX read gives what SheetJS gives', () => {
  // 12,000 rows: some 3 MB of sheet XML, so rows cross the megabyte chunks of the inflate stream.
  const table = messyTable(12_000);

  it.each([
    [true, true],
    [true, false],
    [false, true],
    [false, false],
  ])('for a messy export of 12,000 rows (shared strings: %s, deflated: %s)', async (bookSST, compression) => {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(table), 'Contacts');
    const path = fixtures.path(`messy-${bookSST}-${compression}.xlsx`);
    writeFileSync(path, XLSX.write(book, { type: 'buffer', bookType: 'xlsx', bookSST, compression }) as Buffer);
    const reader = await openXlsxReader(path, 'messy.xlsx', 'xlsx');
    expect(reader?.stream('Contacts')).not.toBeNull(); // read directly, not through SheetJS
    const rows = await allRows(path);
    expect(rows.length).toBe(12_001);
    // The phone and tag columns only, as convert reads them: the others unread, short rows whole.
    expect(brokenRows(await allRows(path, { columns: [4, 6] }), rows, [4, 6])).toEqual([]);
    // An estimate for progress and sizing, from the first rows: near, not exact.
    const estimate = (await openTable(path)).estimatedRows ?? 0;
    expect(Math.abs(estimate - 12_001) / 12_001).toBeLessThan(0.15);
    expect(rows).toEqual(await sheetjs(path, 'Contacts'));
  });

  it('for sheet XML as Excel and other programs write it', async () => {
    const path = handWritten('excel-isms.xlsx', EXCEL_ISMS);
    const reader = await openXlsxReader(path, 'excel-isms.xlsx', 'xlsx');
    expect(reader?.stream('Contacts')).not.toBeNull();
    const rows = await allRows(path);
    expect(rows).toEqual(await sheetjs(path, 'Contacts'));
    for (const columns of [[1], [0, 2], [5], []]) expect(brokenRows(await allRows(path, { columns }), rows, columns)).toEqual([]);
    expect(rows).toEqual([
      ['Name', 'Mobile', 'Note', 'Since', 'VIP', 'ID'],
      [],
      ['Ann & Bo', '2125550125', 'two\nlines', '2024-03-15', 'TRUE', '7'],
      ['', '(212) 555-0199', 'Zoë <b>bold</b>', '', 'FALSE', '12125550142'],
      ['', '', '', '', '', '1.5'],
      [],
      ['Cy', '4251110250', 'formula text'],
    ]);
  });

  it('falls back to SheetJS for a sheet written with namespace prefixes, and still reads it whole', async () => {
    const prefixed = EXCEL_ISMS.replace(/<(\/?)(?!\?)([a-zA-Z])/g, '<$1x:$2').replace('<x:worksheet ', '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ');
    const path = handWritten('prefixed.xlsx', prefixed);
    const reader = await openXlsxReader(path, 'prefixed.xlsx', 'xlsx');
    expect(reader?.stream('Contacts')).toBeNull();
    const rows = await allRows(path);
    expect(rows).toEqual(await sheetjs(path, 'Contacts'));
    expect(rows[2]?.[1]).toBe('2125550125');
  });

  it("stops at a row past Excel's own limit, as the full read does", async () => {
    const path = handWritten(
      'too-many-rows.xlsx',
      SHEET_START + '<row r="1"><c r="A1" t="inlineStr"><is><t>Phone</t></is></c></row><row r="1048577"><c r="A1048577"><v>2125550125</v></c></row>' + SHEET_END,
    );
    await expect(allRows(path)).rejects.toMatchObject({ message: expect.stringContaining("more than 1,048,576 rows, Excel's own limit") });
    await expect(sheetjs(path, 'Contacts')).rejects.toMatchObject({ message: expect.stringContaining("Excel's own limit") });
  });

  // Damage early in the sheet is found before the first row (SheetJS's inflate was seen to loop
  // for ever on it, so it never gets such a file); damage late, while the rows stream.
  it.each([0.5, 0.9])('says a sheet damaged at %s of its length could not be read, in words for an office worker', async (where) => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 2}"><c r="A${i + 2}"><v>${2125550000 + i}</v></c></row>`).join('');
    const xml = SHEET_START + '<row r="1"><c r="A1" t="inlineStr"><is><t>Phone</t></is></c></row>' + rows + SHEET_END;
    const path = handWritten(`damaged-${where}.xlsx`, xml, (compressed) => compressed.fill(0xff, Math.floor(compressed.length * where), Math.floor(compressed.length * where) + 64));
    await expect(allRows(path)).rejects.toMatchObject({ code: 'INPUT', message: expect.stringMatching(/^damaged-0\.\d\.xlsx \(XLSX\) could not be read: .* save a copy/) });
  });
});

const SHEET_START =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:F9"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="1" width="12"/></cols><sheetData>';
const SHEET_END = '</sheetData><rowBreaks count="1" manualBreakCount="1"><brk id="4" max="16383" man="1"/></rowBreaks></worksheet>';

/**
 * What real writers put in sheet XML: row spans and styles, a skipped row, shared and inline
 * rich text, entities and _xHHHH_ escapes, a date-styled number, booleans, formulas with cached
 * values, an error, a cell without r, <v xml:space>, styled empty cells, attributes across
 * lines, and empty rows at the end.
 */
const EXCEL_ISMS =
  SHEET_START +
  '<row r="1" spans="1:6" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>' +
  '<row r="3" spans="1:6"><c r="A3" t="s"><v>6</v></c><c r="B3" s="2"><v>2125550125</v></c><c r="C3" t="inlineStr"><is><t>two_x000D_\nlines</t></is></c><c r="D3" s="1"><v>45366</v></c><c r="E3" t="b"><v>1</v></c><c r="F3"><f>3+4</f><v>7</v></c></row>' +
  '<row r="4"><c r="A4" s="2"/><c r="B4" t="str"><f>"(212) 555-0199"</f><v>(212) 555-0199</v></c><c r="C4" t="s"><v>7</v></c><c r="D4" t="e"><v>#N/A</v></c><c t="b"><v>0</v></c><c r="F4"\n   s="2"><v>12125550142</v></c></row>' +
  '<row r="5"><c r="F5"><v xml:space="preserve">1.5</v></c><c r="G5" s="2"/></row>' +
  '<row r="6" ht="6" customHeight="1"/>' +
  '<row r="7"><c r="A7" t="inlineStr"><is><r><t>C</t></r><r><rPr><b/></rPr><t>y</t></r></is></c><c r="B7"><f>B3*2</f><v>4251110250</v></c><c r="C7" t="str"><f>"formula text"</f><v>formula text</v></c><c r="D7" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>' +
  '<row r="8"><c r="A8" s="2"/></row><row r="9"/>' +
  SHEET_END;

const SHARED_STRINGS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="8" uniqueCount="8">' +
  '<si><t>Name</t></si><si><t>Mobile</t></si><si><t xml:space="preserve">Note</t></si><si><t>Since</t></si><si><t>VIP</t></si><si><t>ID</t></si>' +
  '<si><t>Ann &amp; Bo</t></si><si><r><t>Zoë </t></r><r><rPr><b/></rPr><t>&lt;b&gt;bold&lt;/b&gt;</t></r><rPh sb="0" eb="1"><t>ゾ</t></rPh></si></sst>';

const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" xfId="0"/><xf numFmtId="164" xfId="0" applyNumberFormat="1"/><xf numFmtId="1" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>';

/** A one-sheet XLSX ("Contacts") around the given sheet XML, with the shared strings and styles above. */
function handWritten(name: string, sheetXml: string, damage?: (compressed: Buffer) => void): string {
  const files = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr/><sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': sheetXml,
    'xl/styles.xml': STYLES,
    'xl/sharedStrings.xml': SHARED_STRINGS,
  };
  const zip = Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([part, text]) => [part, strToU8(text)]))));
  if (damage) {
    const entry = readZipDirectory(zip)?.get('xl/worksheets/sheet1.xml');
    const bytes = entry ? entryBytes(zip, entry) : null;
    if (!bytes) throw new Error('no sheet in the ZIP just written');
    damage(bytes);
  }
  writeFileSync(fixtures.path(name), zip);
  return fixtures.path(name);
}
