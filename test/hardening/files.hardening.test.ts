/**
 * Bad files against the real CLI (issue 14): each one a process of its own, bounded in time,
 * its peak memory measured (a preloaded hook reads the process's maxRSS at exit). Each must end
 * in one line on stderr that says what the file is, or be read, within the bound and under
 * 1 GB. The figures go to test-results/hardening-files.json; the README's hardening table
 * quotes them.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { openTable } from '../../main/reading/open-table';
import { REPO_ROOT, runTxp } from '../support/run-txp';
import { FixtureDir } from '../support/spreadsheet-fixtures';
import { deflatedZeros, zipBomb, zipWith } from '../support/zip-bombs';

const fixtures = new FixtureDir();
const HOOK = resolve(REPO_ROOT, 'test/support/report-peak-memory.cjs');
const LIMIT_KIB = 1024 * 1024;
const figures: { case: string; seconds: number; peakMiB: number; outcome: string }[] = [];
afterAll(() => {
  mkdirSync(resolve(REPO_ROOT, 'test-results'), { recursive: true });
  writeFileSync(resolve(REPO_ROOT, 'test-results/hardening-files.json'), JSON.stringify(figures, null, 2) + '\n');
  fixtures.remove();
});

/** `txp inspect FILE` (or other args) in a process of its own: its exit, its one line, its time and peak memory. */
async function attack(name: string, args: string[], timeoutMs = 60_000, as?: { uid: number; gid: number; dir: string }) {
  const memoryFile = as ? join(as.dir, `peak-${figures.length}.txt`) : fixtures.path(`peak-${figures.length}.txt`);
  if (as) {
    writeFileSync(memoryFile, '');
    chmodSync(memoryFile, 0o666); // the hook writes it as the other user
  }
  const started = performance.now();
  const run = await runTxp(args, {
    env: { NODE_OPTIONS: `--require ${HOOK}`, TXP_PEAK_MEMORY_FILE: memoryFile, ...(as ? { TXP_CONFIG_DIR: join(as.dir, 'config'), HOME: as.dir } : {}) },
    timeoutMs,
    ...(as ? { user: { uid: as.uid, gid: as.gid } } : {}),
  });
  const seconds = (performance.now() - started) / 1000;
  const peakKiB = Number(readFileSync(memoryFile, 'utf8'));
  const outcome = run.status === 0 ? 'read' : (run.stderr.trim().split('\n')[0] ?? '');
  figures.push({ case: name, seconds: Math.round(seconds * 10) / 10, peakMiB: Math.round(peakKiB / 1024), outcome });
  expect(peakKiB).toBeLessThan(LIMIT_KIB);
  return { ...run, lines: run.stderr.trim().split('\n') };
}

/** Whether every folder up to `path` lets other users through, and `path` lets them read. */
function reachableByOthers(path: string): boolean {
  for (let dir = path; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o005) !== 0o005) return false;
    if (dirname(dir) === dir) return true;
  }
}

describe('bad files, each one line within its bound and under 1 GB', () => {
  it('a zip bomb: 64 KB declared to inflate to 4 GB', async () => {
    // The declared size is what is checked, before anything inflates: 64 MB of zeros, deflated, declared as 4 GB.
    const run = await attack('zip bomb (4 GB declared)', ['inspect', fixtures.text('bomb.xlsx', zipBomb())]);
    expect(run.status).toBe(3);
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toMatch(/^txp: bomb\.xlsx /);
  });

  it('a ZIP whose directory lies: 1 KB declared, 1 GB inside', { timeout: 120_000 }, async () => {
    // Each declared size is small, so the first check passes; the sheet really inflates to 1 GB.
    const zip = zipWith([
      { name: '[Content_Types].xml', data: deflateRawSync(Buffer.from('<Types/>')), declaredSize: 8 },
      { name: 'xl/worksheets/sheet1.xml', data: await deflatedZeros(1024 ** 3), declaredSize: 1024 },
    ]);
    const path = fixtures.text('liar.xlsx', zip);
    for (const command of ['inspect', 'check']) {
      const run = await attack(`ZIP directory that lies (1 KB declared, 1 GB inside), txp ${command}`, [command, path]);
      expect(run.status).toBe(3);
      expect(run.lines).toHaveLength(1);
      expect(run.lines[0]).toMatch(/^txp: liar\.xlsx unpacks to more than its own table of contents says \(its part "xl\/worksheets\/sheet1\.xml" is given as 1 KB\)/);
    }
  });

  it('a sheet of 1,048,577 rows, one more than Excel allows', { timeout: 180_000 }, async () => {
    const path = fixtures.workbook('tall.xlsx', { Sheet1: [['Phone'], [2125550125]] });
    const files = unzipSync(new Uint8Array(readFileSync(path)));
    const rows = ['<row r="1"><c r="A1" t="inlineStr"><is><t>Phone</t></is></c></row>'];
    for (let r = 2; r <= 1_048_577; r++) rows.push(`<row r="${r}"><c r="A${r}"><v>${2125550000 + (r % 10_000)}</v></c></row>`);
    files['xl/worksheets/sheet1.xml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`,
    );
    writeFileSync(path, zipSync(files, { level: 1 }));
    const run = await attack('A sheet of 1,048,577 rows', ['check', path], 150_000);
    expect(run.status).toBe(3);
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toMatch(/more than 1,048,576 rows, Excel's own limit/);
  });

  it('an XML entity bomb in the sheet XML and the shared strings', async () => {
    const laughs =
      '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>';
    const path = fixtures.workbook(
      'laughs.xlsx',
      {
        Contacts: [
          ['Name', 'Phone'],
          ['Ann', '(212) 555-0125'],
        ],
      },
      'xlsx',
      undefined,
      true,
    );
    const cfb = XLSX.CFB.read(readFileSync(path), { type: 'buffer' });
    for (const entry of ['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml']) {
      const found = XLSX.CFB.find(cfb, entry);
      if (!found?.content) continue;
      const xml = Buffer.from(found.content as Uint8Array).toString('utf8');
      found.content = Buffer.from(xml.replace(/^(<\?xml[^>]*>)?/, (declaration) => `${declaration}${laughs}`).replace('Ann', '&h;'));
    }
    writeFileSync(path, XLSX.CFB.write(cfb, { type: 'buffer', fileType: 'zip' }) as Buffer);
    const run = await attack('XML entity bomb (10⁹ characters)', ['check', path]);
    expect(run.lines).toHaveLength(1);
  });

  it('a 100 MB quoted field, NUL bytes, invalid UTF-8', async () => {
    const huge = fixtures.path('huge-field.csv');
    await new Promise<void>((done, fail) => {
      const out = createWriteStream(huge).on('error', fail).on('finish', done);
      out.write('Name,Phone\n"');
      const chunk = 'x'.repeat(1 << 20);
      for (let i = 0; i < 100; i++) out.write(chunk);
      out.end('",(212) 555-0125\n');
    });
    const field = await attack('one quoted field of 100 MB', ['check', huge]);
    expect(field.status).toBe(3);
    expect(field.lines).toHaveLength(1);
    const nul = await attack('NUL bytes in a .csv', ['inspect', fixtures.text('nul.csv', Buffer.from('Name,Phone\n\0\0\0\0Ann,212\x00555\n'))]);
    expect(nul.status).toBe(3);
    expect(nul.lines).toEqual(['txp: nul.csv is not a spreadsheet or text file this app can read (CSV, TSV, TXT, XLSX, XLSM, XLS, ODS).']);
    const latin = await attack('invalid UTF-8 (read as Windows-1252)', ['check', fixtures.text('latin.csv', Buffer.from('Name,Phone\nJos\xe9,(212) 555-0125\n', 'latin1'))]);
    expect(latin.status).toBe(0);
  });

  it('a FIFO, /dev/zero, a folder and a symlink loop: never a wait for ever', async () => {
    const fifo = fixtures.path('pipe.csv');
    execFileSync('mkfifo', [fifo]);
    expect((await attack('a FIFO named .csv', ['inspect', fifo], 20_000)).lines).toEqual(['txp: pipe.csv is not a file (a device or a pipe). Save the export as a file and open that.']);
    expect((await attack('/dev/zero', ['inspect', '/dev/zero'], 20_000)).lines).toEqual(['txp: zero is not a file (a device or a pipe). Save the export as a file and open that.']);
    const folder = fixtures.path('folder.xlsx');
    mkdirSync(folder);
    expect((await attack('a folder named .xlsx', ['inspect', folder])).lines).toEqual(['txp: folder.xlsx is a folder, not a file. Open the export file inside it.']);
    const loop = fixtures.path('loop.csv');
    symlinkSync(loop, loop);
    expect((await attack('a symlink loop', ['inspect', loop])).lines).toEqual([`txp: Cannot open ${loop}: it is a link that points to itself. Open the file it was meant to point to.`]);
  });

  // Root reads any file, so the case runs txp as nobody (65534), as an office user would be;
  // that needs a checkout others may read (a clone under /root is not).
  it.runIf(process.getuid?.() === 0 && reachableByOthers(REPO_ROOT))('a file its user may not read: one line that says so and what to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'txp-unreadable-'));
    chmodSync(dir, 0o755);
    try {
      const locked = join(dir, 'locked.csv');
      writeFileSync(locked, 'Name,Phone\nAnn,(212) 555-0125\n', { mode: 0o000 });
      const run = await attack('a file its user may not read (mode 000, run as nobody)', ['inspect', locked], 30_000, { uid: 65534, gid: 65534, dir });
      expect(run.status).toBe(3);
      expect(run.lines).toEqual([`txp: Cannot open ${locked}: you do not have permission to read it. Ask its owner for access, or save a copy where you can read it, and open that.`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a prototype-pollution workbook (__proto__ and constructor as sheet names, headers and strings) pollutes nothing', async () => {
    const path = fixtures.workbook('pollute.xlsx', {
      ['__proto__']: [
        ['__proto__', 'constructor', 'Phone'],
        ['polluted', 'prototype', '(212) 555-0125'],
      ],
      constructor: [
        ['toString', 'valueOf'],
        ['x', 'y'],
      ],
    } as Record<string, string[][]>);
    const table = await openTable(path);
    for await (const batch of table.rows()) expect(batch.length).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    const run = await attack('prototype-pollution workbook', ['check', path, '--sheet', '__proto__']);
    expect(run.status).toBe(0);
  });
});
