/**
 * Files people open by mistake or that web CRMs write (issue 13): a folder, Excel's lock file,
 * a device, an HTML table saved as .xls, a flat ODS, SYLK, a password-protected workbook, a Word
 * document, hidden sheets; and a list with nothing to send. Each ends in one line that says what
 * the file is and what to do (exit 3), or is read; the real CLI, in a process of its own.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as XLSX from 'xlsx';
import { readWorkbook } from '../../../main/reading/read-workbook';
import { runTxp } from '../../support/run-txp';
import { FixtureDir } from '../../support/spreadsheet-fixtures';

// Most cases start several txp processes one after another: about 1.5 s each alone, several
// times that while the whole suite shares two cores (one took over 30 s in CI). A bound, not a speed claim.
vi.setConfig({ testTimeout: 120_000 });

const fixtures = new FixtureDir();
afterAll(() => fixtures.remove());

/** An OLE2 (Compound File) container with these streams, as Office writes them. */
function compoundFile(name: string, streams: string[]): string {
  const cfb = XLSX.CFB.utils.cfb_new();
  for (const stream of streams) XLSX.CFB.utils.cfb_add(cfb, `/${stream}`, Buffer.from('not the content'));
  return fixtures.text(name, Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array));
}

/** An OpenDocument spreadsheet whose content is encrypted (random bytes), as a password-protected ODS is. */
function encryptedOds(name: string): string {
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, '/mimetype', Buffer.from('application/vnd.oasis.opendocument.spreadsheet'));
  XLSX.CFB.utils.cfb_add(cfb, '/content.xml', Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 251)));
  XLSX.CFB.utils.cfb_add(
    cfb,
    '/META-INF/manifest.xml',
    Buffer.from('<manifest:manifest><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>'),
  );
  return fixtures.text(name, Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer', fileType: 'zip' }) as Uint8Array));
}

const oneLine = async (path: string) => {
  const run = await runTxp(['inspect', path]);
  expect(run.stdout).toBe('');
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  return { status: run.status, line: run.stderr.trim() };
};

describe('a file that is no export', () => {
  it('a folder: one line, exit 3', async () => {
    const folder = fixtures.path('contacts.csv');
    mkdirSync(folder);
    expect(await oneLine(folder)).toEqual({ status: 3, line: 'txp: contacts.csv is a folder, not a file. Open the export file inside it.' });
  });

  it('Excel’s lock file: close Excel and open the workbook', async () => {
    const lock = fixtures.text('~$contacts.xlsx', Buffer.from('\u0003Ann Lee  ', 'utf16le'));
    expect(await oneLine(lock)).toEqual({ status: 3, line: 'txp: ~$contacts.xlsx is the lock file Excel keeps while contacts.xlsx is open, not an export. Close Excel and open contacts.xlsx.' });
  });

  it('a device (/dev/zero) is not read for ever, nor called empty', async () => {
    expect(await oneLine('/dev/zero')).toEqual({ status: 3, line: 'txp: zero is not a file (a device or a pipe). Save the export as a file and open that.' });
  });

  it('a password-protected workbook (XLSX in OLE2, and ODS), a Word document: what it is and what to do, no library words', async () => {
    expect(await oneLine(compoundFile('locked.xlsx', ['EncryptionInfo', 'EncryptedPackage']))).toEqual({
      status: 3,
      line: 'txp: locked.xlsx is protected with a password. Open it in Excel, save a copy without the password, and open that copy.',
    });
    const ods = await oneLine(encryptedOds('locked.ods'));
    expect(ods).toEqual({
      status: 3,
      line: 'txp: locked.ods (ODS) could not be read: it may be protected with a password, or damaged. Open it in its program, save a copy without a password as XLSX or CSV, and open that.',
    });
    expect(await oneLine(compoundFile('letter.xls', ['WordDocument', '1Table']))).toEqual({
      status: 3,
      line: 'txp: letter.xls is a Word document, not a spreadsheet. Export the list from the CRM as CSV or XLSX.',
    });
  });
});

describe('spreadsheets written as text', () => {
  it('reads an HTML table saved as .xls ("Export to Excel" of web CRMs), a flat ODS and SYLK, as SheetJS does', async () => {
    const html = fixtures.text(
      'export.xls',
      '<html><head><meta charset="utf-8"></head><body><table><tr><th>Name</th><th>Phone</th></tr><tr><td>Ann</td><td>(212) 555-0125</td></tr><tr><td>Bob</td><td>646-555-0142</td></tr></table></body></html>',
    );
    const fods = fixtures.text(
      'export.fods',
      '<?xml version="1.0" encoding="UTF-8"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body><office:spreadsheet><table:table table:name="Contacts"><table:table-row><table:table-cell><text:p>Name</text:p></table:table-cell><table:table-cell><text:p>Phone</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell><text:p>Ann</text:p></table:table-cell><table:table-cell><text:p>(212) 555-0125</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell><text:p>Bob</text:p></table:table-cell><table:table-cell><text:p>646-555-0142</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document>',
    );
    const sylk = fixtures.text('export.slk', 'ID;PWXL\r\nC;Y1;X1;K"Name"\r\nC;X2;K"Phone"\r\nC;Y2;X1;K"Ann"\r\nC;X2;K"(212) 555-0125"\r\nC;Y3;X1;K"Bob"\r\nC;X2;K"646-555-0142"\r\nE\r\n');
    for (const [path, format] of [
      [html, 'html'],
      [fods, 'fods'],
      [sylk, 'sylk'],
    ] as const) {
      const inspected = await runTxp(['inspect', path, '--json']);
      expect(inspected.stderr, path).toBe('');
      expect(JSON.parse(inspected.stdout), path).toMatchObject({ format });
      const checked = await runTxp(['check', path, '--json']);
      expect(JSON.parse(checked.stdout), path).toMatchObject({ valid: 2, invalid: 0 });
    }
  });

  it('offers no hidden sheet, and does not pick one by itself', async () => {
    const path = fixtures.workbook('hidden.xlsx', {
      Lookup: [['Phone'], ['(212) 555-0199']],
      Contacts: [
        ['Name', 'Phone'],
        ['Ann', '(212) 555-0125'],
      ],
    });
    const book = XLSX.read(readFileSync(path));
    book.Workbook = {
      Sheets: [
        { name: 'Lookup', Hidden: 1 },
        { name: 'Contacts', Hidden: 0 },
      ],
    };
    writeFileSync(path, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const run = await runTxp(['inspect', path, '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ sheets: ['Contacts'], sheet: 'Contacts' });
  });
});

describe('text slips', () => {
  it('takes Excel’s sep= first line as the delimiter, not the header (UTF-8 and UTF-16), and names UTF-32', async () => {
    const utf8 = fixtures.text('sep.csv', 'sep=;\r\nName;Phone\r\nAnn;(212) 555-0125\r\n');
    const utf16 = fixtures.text('sep16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('sep=;\nName;Phone\nAnn;(212) 555-0125\n', 'utf16le')]));
    for (const path of [utf8, utf16]) {
      const run = await runTxp(['inspect', path, '--json']);
      expect(JSON.parse(run.stdout), path).toMatchObject({ delimiter: ';', headerRow: 1, columns: [{ header: 'Name' }, { header: 'Phone' }] });
    }
    const utf32 = fixtures.text('wide.csv', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('N\0\0\0')]));
    expect(await oneLine(utf32)).toEqual({ status: 3, line: 'txp: wide.csv is in UTF-32, which this app does not read. Save it again as CSV in UTF-8 (Excel: "CSV UTF-8"), and open that.' });
  });
});

/**
 * An Excel 95 (BIFF5) workbook whose text is in a Windows or Mac code page, as old CRMs still
 * write it: SheetJS writes the file; its CODEPAGE record and the name's last two bytes are then
 * set to the code page's own bytes.
 */
function excel95(name: string, codepage: number, bytes: [number, number]): string {
  const sheet = XLSX.utils.aoa_to_sheet([
    ['Name', 'Mobile'],
    ['Kov__', '2125550125'],
  ]);
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, 'Contacts');
  const data = Buffer.from(XLSX.write(book, { type: 'buffer', bookType: 'biff5' }) as Uint8Array);
  const record = data.indexOf(Buffer.from([0x42, 0x00, 0x02, 0x00, 0xe4, 0x04])); // CODEPAGE, 1252
  const text = data.indexOf(Buffer.from('Kov__', 'latin1'));
  expect(record).toBeGreaterThan(0);
  expect(text).toBeGreaterThan(0);
  data.writeUInt16LE(codepage, record + 4);
  data[text + 3] = bytes[0];
  data[text + 4] = bytes[1];
  return fixtures.text(name, data);
}

describe('code pages of old workbooks', () => {
  it('decodes an Excel 95 file in Mac Central European (10029) and in Windows-1252 by its CODEPAGE record, not as Latin-1', async () => {
    const mac = excel95('mac-central-european-excel95.xls', 10029, [0x87, 0x8b]); // á č in Mac CE
    const windows = excel95('windows-1252-excel95.xls', 1252, [0x92, 0x80]); // ’ € in 1252
    const read = async (path: string) => (await readWorkbook(path, 'xls', statSync(path).size)).rows('Contacts')[1]?.[0];
    expect(await read(mac)).toBe('Kováč');
    expect(await read(windows)).toBe('Kov’€');
  });
});

describe('workbook formats named for what they are', () => {
  it.each([
    ['xlsb', '.xlsx'],
    ['xlsx', '.xlsx'],
    ['xls', '.xls'],
    ['ods', '.ods'],
  ] as const)('reads a %s workbook saved as *%s and reports its real format', async (bookType, extension) => {
    const path = fixtures.workbook(
      `contacts-as-${bookType}${extension}`,
      {
        Contacts: [
          ['Name', 'Mobile'],
          ['Ann', '(212) 555-0125'],
        ],
      },
      bookType,
    );
    const run = await runTxp(['inspect', path, '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ format: bookType, columns: [{ header: 'Name' }, { header: 'Mobile', samples: ['(212) 555-0125'] }] });
  });
});

describe('which sheet holds the list', () => {
  it.each(['xlsx', 'xls'] as const)('passes over a survey sheet of long numeric answers for the sheet of phone numbers (%s)', async (bookType) => {
    const survey = [
      ['Respondent ID', 'Collector ID', 'Started', 'Submitted', 'Q1 score', 'Household income'],
      ...Array.from({ length: 20 }, (_, i) => [11489371538 + i * 7919, 431207815, 20240315103000 + i, `2024-03-15 10:${String(10 + i)}:00`, (i % 5) + 1, 65000 + i * 1000]),
    ];
    const contacts = [
      ['Name', 'Mobile', 'Store'],
      ['Ann', 2125550125, 'Queens'],
      ['Bob', 6465550142, 'Bronx'],
    ];
    const path = fixtures.workbook(`survey-first.${bookType}`, { Survey: survey, Contacts: contacts }, bookType);
    const run = await runTxp(['inspect', path, '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ sheets: ['Survey', 'Contacts'], sheet: 'Contacts', suggestion: { phone: [{ header: 'Mobile' }] } });
  });

  it('still takes the first sheet with numbers when no sheet names or writes them as phone numbers', async () => {
    const path = fixtures.workbook('numbers-only.xlsx', {
      Notes: [['Read me'], ['Exported 2026-11-02']],
      Numbers: [
        ['A', 'B'],
        [2125550125, 'Ann'],
        [6465550142, 'Bob'],
      ],
      Other: [['C'], [9175550100]],
    });
    const run = await runTxp(['inspect', path, '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ sheet: 'Numbers' });
  });
});

describe('cells far longer than any phone number', () => {
  it('are not parsed as numbers, and are cut in what inspect shows (samples, headers)', async () => {
    const big = '1'.repeat(500_000);
    const path = fixtures.text('long-cells.csv', `Name,${'H'.repeat(300_000)},Phone\n` + Array.from({ length: 40 }, (_, i) => `P${i},x,${big}\n`).join(''));
    const inspected = await runTxp(['inspect', path, '--json']);
    expect(inspected.stdout.length).toBeLessThan(20_000);
    const checked = await runTxp(['check', path, '--phone', '#3', '--json'], { timeoutMs: 30_000 });
    expect(JSON.parse(checked.stdout)).toMatchObject({ numbers: 40, valid: 0, invalidReasons: { NOT_A_NUMBER: 40 } });
  });
});

describe('nothing to send', () => {
  it('is exit 5 for convert: the report is written, the empty upload file is not', async () => {
    const path = fixtures.text('no-valid.csv', 'Name,Mobile\nAnn,555\nBob,n/a\nCy,12\n');
    const out = fixtures.path('no-valid-out.csv');
    const report = fixtures.path('no-valid-report.csv');
    const run = await runTxp(['convert', path, '--phone', 'Mobile', '-o', out, '--report', report]);
    expect(run.status).toBe(5);
    expect(run.stderr).toBe(`txp: no-valid.csv has nothing to send: none of its 2 numbers is valid. ${out} was not written.\n`);
    expect(existsSync(out)).toBe(false);
    expect(readFileSync(report, 'utf8')).toContain('TOO_SHORT');
    expect(existsSync(join(fixtures.dir, 'no-valid-out.csv.part'))).toBe(false);
  });
});
