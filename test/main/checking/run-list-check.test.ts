/**
 * The check as `txp convert` runs it reads only the columns it needs (phone, tags, opt-out)
 * and writes rows as bytes; both are proved here against the plain way, on a generated messy
 * CRM export: every row read whole, and every output row built with csvRow.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../../shared/check/list-checker';
import { csvRow } from '../../../shared/formats/csv-text';
import type { PreparedList } from '../../../main/mapping/plan-list';
import { planFor } from '../../support/plan-for';
import { runListCheck } from '../../../main/checking/run-list-check';
import { AtomicFileWriter } from '../../../main/writing/atomic-file-writer';
import { random } from '../../support/random';
import { FixtureDir } from '../../support/spreadsheet-fixtures';

const fixtures = new FixtureDir();
afterAll(() => fixtures.remove());

/** A phone cell in one of many shapes, most of them valid and distinct. */
function phoneCell(next: () => number): string {
  const area = ['212', '646', '718', '305', '415', '204', '268', '800', '011'][Math.floor(next() * 9)] as string;
  const exchange = String(200 + Math.floor(next() * 800));
  const line = String(Math.floor(next() * 10000)).padStart(4, '0');
  const shapes = [
    `(${area}) ${exchange}-${line}`,
    `${area}.${exchange}.${line}`,
    `+1 ${area} ${exchange} ${line}`,
    `1${area}${exchange}${line}`,
    `${area}${exchange}${line}`,
    ` ${area}-${exchange}-${line} `,
    `"${area}-${exchange}-${line} / 917-555-${line}"`,
    '2.12555E+09',
    `${area}${exchange}${line}.0`,
    'n/a',
    '',
    '555-0100',
    '+44 20 7946 0958',
    `"${area}-${exchange}-${line}, ext. 4"`,
    `\u200b(${area}) ${exchange}-${line}`,
    `"(${area})\n${exchange}-${line}"`,
    `-${area}-${exchange}-${line}`,
  ];
  return shapes[Math.floor(next() * shapes.length)] as string;
}
const TAGS = ['VIP', 'Trade Show', 'Île-de-France', '2024 Leads', '', ' ', '"Gold, Silver"', '!!!', 'a'.repeat(80)];
const OPT_OUT = ['No', 'Yes', 'TRUE', '', ' yes ', '0'];
const OTHER = ['Ann', '', ' ', 'é', '"Met at the fair, 3/2026"', '"Multi\nline"', '"say ""hi"""', '""', '" lead"', '<unread>', '\u00a0'];

function messyCsv(rows: number, seed: number): string {
  const next = random(seed);
  const pick = (list: string[]) => list[Math.floor(next() * list.length)] as string;
  const lines = ['Contacts report', '', 'Id,First Name,Mobile,Notes,Segment,Home Phone,SMS Opt Out,Owner'];
  for (let i = 0; i < rows; i++) {
    const shape = next();
    if (shape < 0.02) lines.push('');
    else if (shape < 0.04) lines.push(`Grand Totals (${i} records),,`);
    else if (shape < 0.08)
      lines.push(`${i},,${phoneCell(next)}`); // a short row
    else lines.push([String(i), pick(OTHER), phoneCell(next), pick(OTHER), pick(TAGS), phoneCell(next), pick(OPT_OUT), pick(OTHER)].join(','));
  }
  return lines.join(next() < 0.5 ? '\r\n' : '\n') + '\r\n';
}

interface Outcome {
  rows: string[][];
  problems: Problem[];
  summary: unknown;
  file: string;
}

async function convert(list: PreparedList, out: string, wholeRows: boolean): Promise<Outcome> {
  const rows: string[][] = [];
  const problems: Problem[] = [];
  const writer = new AtomicFileWriter(out);
  // Every row read whole: the table as it streams without a list of columns.
  const table = wholeRows ? { ...list.table, rows: () => list.table.rows() } : list.table;
  const summary = await runListCheck(
    { ...list, table },
    {
      row: (number, tags) => {
        rows.push([number, ...tags]);
        if (wholeRows) writer.write(csvRow([number, ...tags]));
        else writer.writeRow(number, tags);
      },
      problem: (problem) => problems.push(problem),
      afterBatch: () => writer.flush(),
    },
  );
  await writer.commit();
  return { rows, problems, summary, file: readFileSync(out, 'latin1') };
}

describe('runListCheck reading only the needed columns', () => {
  for (const seed of [1, 2, 3]) {
    it(`gives the same rows, problems, counts and bytes as reading every row whole (seed ${seed})`, async () => {
      const path = fixtures.text(`messy-${seed}.csv`, messyCsv(20_000, seed));
      const list = await planFor(path, { mode: 'alp', phone: ['Mobile', 'Home Phone'], tags: ['Segment', 'First Name'], removeWhen: 'SMS Opt Out=yes,true' }, fixtures.path(`config-${seed}`));
      const projected = await convert(list, join(fixtures.dir, `projected-${seed}.csv`), false);
      const whole = await convert(list, join(fixtures.dir, `whole-${seed}.csv`), true);
      expect(projected.summary).toEqual(whole.summary);
      expect(projected.problems).toEqual(whole.problems);
      expect(projected.rows).toEqual(whole.rows);
      expect(projected.file).toBe(whole.file);
      // The fixture exercises what it should: removals, several reasons, changed tags, summary rows.
      expect(whole.summary).toMatchObject({ removals: expect.any(Number), summaryRowsSkipped: expect.any(Number) });
      const summary = whole.summary as { removals: number; summaryRowsSkipped: number; invalid: number; tagsChanged: number; written: number };
      expect(summary.removals).toBeGreaterThan(0);
      expect(summary.summaryRowsSkipped).toBeGreaterThan(0);
      expect(summary.invalid).toBeGreaterThan(0);
      expect(summary.tagsChanged).toBeGreaterThan(0);
      expect(summary.written).toBeGreaterThan(1000);
    });
  }
});

describe('AtomicFileWriter.writeRow', () => {
  it('writes what csvRow writes, for plain fields and for fields that need quoting or are not ASCII', async () => {
    const next = random(7);
    const pieces = ['+12125550125', '-+12125550125', 'VIP', '', 'a,b', 'say "hi"', 'line\nbreak', 'Île', '😀', 'x'.repeat(300_000)];
    const out = fixtures.path('rows.csv');
    const writer = new AtomicFileWriter(out);
    let expected = '';
    for (let i = 0; i < 3000; i++) {
      const fields = Array.from({ length: 1 + Math.floor(next() * 4) }, () => pieces[Math.floor(next() * (pieces.length - (i % 500 === 0 ? 0 : 1)))] as string);
      if (next() < 0.1) {
        writer.write(`# note ${i} é\r\n`);
        expected += `# note ${i} é\r\n`;
      }
      writer.writeRow(fields[0] as string, fields.slice(1));
      expected += csvRow(fields);
      if (next() < 0.05) await writer.flush();
    }
    await writer.commit();
    expect(readFileSync(out, 'utf8')).toBe(expected);
  });
});
