/** Reading every kind of CRM export, from small generated fixtures. */
import { afterAll, describe, expect, it } from 'vitest';
import { statSync, writeFileSync } from 'node:fs';
import * as XLSX from 'xlsx';
import { openTable } from '../../../main/reading/open-table';
import { readWorkbook } from '../../../main/reading/read-workbook';
import { analyzeLayout } from '../../../main/mapping/table-layout';
import { allRows, FixtureDir, utf16be, utf16le, windows1252 } from '../../support/spreadsheet-fixtures';

const fixtures = new FixtureDir();
afterAll(() => fixtures.remove());

describe('text files', () => {
  it('reads UTF-8 CSV with exact cell texts: leading zeros, +, long digit strings', async () => {
    const path = fixtures.text('contacts.csv', 'Name,Phone,Account\r\nAnn,+12125550125,00012345678901234567\r\nBob,0044 7911 123456,007\r\n');
    const table = await openTable(path);
    expect(table).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ',', sheets: [], sheet: null });
    expect(await allRows(path)).toEqual([
      ['Name', 'Phone', 'Account'],
      ['Ann', '+12125550125', '00012345678901234567'],
      ['Bob', '0044 7911 123456', '007'],
    ]);
  });

  it('reads a UTF-8 BOM and strips it from the first header', async () => {
    const path = fixtures.text('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Phone,Name\n2125550125,Zoë\n')]));
    const table = await openTable(path);
    expect(table.encoding).toBe('utf-8-bom');
    expect(table.sample[0]).toEqual(['Phone', 'Name']);
    expect(table.sample[1]).toEqual(['2125550125', 'Zoë']);
  });

  it('reads UTF-16 LE tab-separated text (Excel "Unicode Text")', async () => {
    const path = fixtures.text('unicode.txt', utf16le('Name\tMobile\r\nRenée\t(212) 555-0125\r\n'));
    const table = await openTable(path);
    expect(table).toMatchObject({ format: 'txt', encoding: 'utf-16le', delimiter: '\t' });
    expect(table.sample).toEqual([
      ['Name', 'Mobile'],
      ['Renée', '(212) 555-0125'],
    ]);
  });

  it('reads UTF-16 BE by its BOM', async () => {
    const table = await openTable(fixtures.text('be.tsv', utf16be('Mobile\tName\n2125550125\tJosé\n')));
    expect(table).toMatchObject({ format: 'tsv', encoding: 'utf-16be', delimiter: '\t' });
    expect(table.sample[1]).toEqual(['2125550125', 'José']);
  });

  it('falls back to Windows-1252 with semicolons when the bytes are not UTF-8', async () => {
    const path = fixtures.text('export-fr.csv', windows1252('Nom;Téléphone;Région\r\nHélène;06 12 34 56 78;Île-de-France\r\n'));
    const table = await openTable(path);
    expect(table).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    expect(table.sample).toEqual([
      ['Nom', 'Téléphone', 'Région'],
      ['Hélène', '06 12 34 56 78', 'Île-de-France'],
    ]);
  });

  it('reads quoted fields with delimiters, quotes and line breaks inside (RFC 4180)', async () => {
    const path = fixtures.text('multiline.csv', 'Name,Phone,Notes\n"Smith, Ann",2125550125,"line one\nline two, ""quoted"""\nBob,2125550199,plain\n');
    expect(await allRows(path)).toEqual([
      ['Name', 'Phone', 'Notes'],
      ['Smith, Ann', '2125550125', 'line one\nline two, "quoted"'],
      ['Bob', '2125550199', 'plain'],
    ]);
  });

  it('refuses an empty file and a file of blank lines', async () => {
    await expect(openTable(fixtures.text('empty.csv', ''))).rejects.toMatchObject({ code: 'INPUT', message: 'empty.csv is empty.' });
    await expect(openTable(fixtures.text('blank.csv', '\r\n\r\n  \r\n'))).rejects.toMatchObject({ code: 'INPUT', message: expect.stringContaining('blank.csv has no data') });
  });

  it('refuses garbage bytes with a message naming the file', async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    await expect(openTable(fixtures.text('contacts.xlsx', garbage))).rejects.toMatchObject({
      code: 'INPUT',
      message: expect.stringContaining('contacts.xlsx is not a spreadsheet or text file'),
    });
  });
});

describe('workbooks', () => {
  it('gives numeric cells their exact digits, whatever their display format', async () => {
    const path = fixtures.workbook(
      'numeric.xlsx',
      {
        Contacts: [
          ['Name', 'Mobile'],
          ['Ann', 12125550125],
          ['Bob', 2125550199],
        ],
      },
      'xlsx',
      '0.00E+00',
    );
    expect(await allRows(path)).toEqual([
      ['Name', 'Mobile'],
      ['Ann', '12125550125'],
      ['Bob', '2125550199'],
    ]);
  });

  it('detects a renamed workbook by its content', async () => {
    const path = fixtures.workbook('really-xlsx.csv', { S: [['Phone'], [2125550125]] });
    expect((await openTable(path)).format).toBe('xlsx');
  });

  it('reads XLS and ODS too', async () => {
    const rows = [
      ['Phone', 'Name'],
      [2125550125, 'Ann'],
    ];
    for (const [name, type, format] of [
      ['legacy.xls', 'biff8', 'xls'],
      ['calc.ods', 'ods', 'ods'],
    ] as const) {
      const table = await openTable(fixtures.workbook(name, { Data: rows }, type));
      expect(table.format).toBe(format);
      expect(table.sample).toEqual([
        ['Phone', 'Name'],
        ['2125550125', 'Ann'],
      ]);
    }
  });

  it('picks the first sheet that holds phone numbers, and --sheet overrides', async () => {
    const path = fixtures.workbook('two-sheets.xlsx', {
      'Read me': [['This export was generated by the CRM'], ['Do not edit']],
      Contacts: [
        ['Name', 'Cell'],
        ['Ann', '(212) 555-0125'],
      ],
    });
    const table = await openTable(path);
    expect(table.sheets).toEqual(['Read me', 'Contacts']);
    expect(table.sheet).toBe('Contacts');
    expect((await openTable(path, { sheet: 'Read me' })).sheet).toBe('Read me');
    await expect(openTable(path, { sheet: 'Nope' })).rejects.toMatchObject({ code: 'INPUT', message: expect.stringContaining('no sheet named "Nope"') });
  });

  it('computes the extent from the cells, not from a <dimension> claiming A1:XFD1048576', async () => {
    const path = fixtures.dimensionBomb('bomb.xlsx', [['Phone'], [2125550125]]);
    const started = Date.now();
    expect(await allRows(path)).toEqual([['Phone'], ['2125550125']]);
    expect(Date.now() - started).toBeLessThan(5000); // a bound on a hang, not a speed claim
  });
});

describe('XLSX quick preview', () => {
  const ROWS = [
    ['Report: Q4 <draft> & "final"'],
    [],
    ['Name', 'Mobile', 'Notes', 'Active'],
    ['Zoë & Ann', 12125550125, 'line one\nline two', true],
    ['Bob', '(212) 555-0199', null, false],
    [null, null, null, null],
    ['Cy', 2125550142.5, 'café', true],
    // Characters XML cannot hold are stored as _xHHHH_ (Excel and SheetJS write a CR so), and a literal one is escaped.
    ['Dee', '212-555-0100', 'ends in CR\r', false],
    ['Eve', '212-555-0101', 'literal _x000D_ text', false],
  ];

  it.each([false, true])('gives the same first rows as the full SheetJS read (shared strings: %s)', async (sharedStrings) => {
    const path = fixtures.workbook(`preview-${sharedStrings}.xlsx`, { Intro: [['Read me first']], Contacts: ROWS }, 'xlsx', undefined, sharedStrings);
    const table = await openTable(path);
    expect(table.sheets).toEqual(['Intro', 'Contacts']);
    expect(table.sheet).toBe('Contacts');
    const full = (await readWorkbook(path, 'xlsx', statSync(path).size)).rows('Contacts');
    expect(table.sample).toEqual(full.slice(0, table.sample.length));
    expect(table.sample[3]).toEqual(['Zoë & Ann', '12125550125', 'line one\nline two', 'TRUE']);
    const streamed: string[][] = [];
    for await (const batch of table.rows()) streamed.push(...batch);
    expect(streamed).toEqual(full);
  });
});

describe('XLSX quick preview of typed cells', () => {
  /** Cells as Excel stores them: numbers with number formats (dates, times, %, currency), booleans, formulas with cached values. */
  function typedWorkbook(name: string, date1904: boolean): string {
    const cells: XLSX.CellObject[][] = [
      [
        { t: 's', v: 'Name' },
        { t: 's', v: 'Mobile' },
        { t: 's', v: 'Since' },
        { t: 's', v: 'Call at' },
        { t: 's', v: 'Share' },
        { t: 's', v: 'Spent' },
        { t: 's', v: 'VIP' },
        { t: 's', v: 'Doubled' },
        { t: 's', v: 'Seen' },
      ],
      [
        { t: 's', v: 'Ann' },
        { t: 'n', v: 2125550125 },
        { t: 'n', v: 45366, z: 'm/d/yy' }, // 2024-03-15 in the 1900 system
        { t: 'n', v: 0.4375, z: 'h:mm' }, // 10:30
        { t: 'n', v: 0.15, z: '0%' },
        { t: 'n', v: 205.15, z: '"$"#,##0.00' },
        { t: 'b', v: true },
        { t: 'n', v: 4251110250, f: 'B2*2' },
        { t: 'n', v: 45366.75, z: 'yyyy-mm-dd hh:mm' },
      ],
      [
        { t: 's', v: 'Bob' },
        { t: 's', v: '(212) 555-0199' },
        { t: 'n', v: 1, z: 'dd/mm/yyyy' },
        { t: 'n', v: 0.999988, z: '[h]:mm:ss' },
        { t: 'n', v: -0.5, z: '0.00%' },
        { t: 'n', v: 1234567.891, z: '#,##0.00 [$€-407]' },
        { t: 'b', v: false },
        { t: 's', v: 'text result', f: 'A3&" result"' },
        { t: 'n', v: 60, z: 'mmm d, yyyy' }, // Excel's phantom 1900-02-29
      ],
    ];
    const sheet: XLSX.WorkSheet = {};
    cells.forEach((row, r) => row.forEach((cell, c) => (sheet[XLSX.utils.encode_cell({ r, c })] = cell)));
    sheet['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: cells.length - 1, c: 8 } });
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, 'Contacts');
    if (date1904) book.Workbook = { ...book.Workbook, WBProps: { date1904: true } };
    writeFileSync(fixtures.path(name), XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    return fixtures.path(name);
  }

  it.each([false, true])('gives what the full read gives for dates, times, percentages, currency, booleans and formulas (1904 dates: %s)', async (date1904) => {
    const path = typedWorkbook(`typed-${date1904}.xlsx`, date1904);
    const table = await openTable(path);
    const full = (await readWorkbook(path, 'xlsx', statSync(path).size)).rows('Contacts');
    expect(table.sample).toEqual(full);
    if (!date1904) expect(table.sample[1]?.[2]).toBe('2024-03-15');
  });
});

describe('XLSX quick preview of line breaks', () => {
  it.each([false, true])('reads CR LF inside a cell as the full read does, as LF (shared strings: %s)', async (bookSST) => {
    const sheet = XLSX.utils.aoa_to_sheet([
      ['Name', 'Mobile', 'Note'],
      ['Ann', '2125550125', 'first line\r\nsecond line\rthird'],
    ]);
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, 'Contacts');
    const path = fixtures.path(`line-breaks-${bookSST}.xlsx`);
    writeFileSync(path, XLSX.write(book, { type: 'buffer', bookType: 'xlsx', bookSST }) as Buffer);
    const table = await openTable(path);
    const full = (await readWorkbook(path, 'xlsx', statSync(path).size)).rows('Contacts');
    expect(table.sample).toEqual(full);
    expect(table.sample[1]?.[2]).toBe('first line\nsecond line\rthird');
  });
});

describe('header detection', () => {
  it('finds the header below title and blank rows, and ignores the summary row', async () => {
    const path = fixtures.workbook('salesforce-report-title-rows.xlsx', {
      Report: [
        ['Contacts report'],
        ['Generated by Salesforce on 2026-11-02'],
        [],
        ['First Name', 'Last Name', 'Mobile', 'Home Phone', 'Segment'],
        ['Ann', 'Lee', '(212) 555-0125', '212-555-0188', 'Gold'],
        ['Bob', 'Ray', '646 555 0142', '', 'Silver'],
        ['Grand Totals (2 records)'],
      ],
    });
    const table = await openTable(path);
    const layout = analyzeLayout(table, 'US');
    expect(layout.headerRow).toBe(4);
    expect(layout.headers).toEqual(['First Name', 'Last Name', 'Mobile', 'Home Phone', 'Segment']);
    expect(layout.suggestion.phone).toEqual([2, 3]);
    expect(layout.suggestion.tags).toEqual([4]);
    expect(layout.suggestion.mode).toBe('alp');
  });

  it('tells a headerless Preformatted list', async () => {
    const table = await openTable(fixtures.text('pre.csv', '2125550125,VIP\r\n6465550142,Gold\r\n'));
    const layout = analyzeLayout(table, 'US');
    expect(layout.headerRow).toBeNull();
    expect(layout.suggestion).toMatchObject({ mode: 'preformatted', phone: [0], tags: [1] });
  });
});
