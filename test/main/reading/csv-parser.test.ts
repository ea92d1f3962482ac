import { describe, expect, it } from 'vitest';
import { CsvParser, UNREAD_CELL } from '../../../main/reading/csv-parser';
import { rowDisposition } from '../../../shared/mapping/detect-header-row';
import { random } from '../../support/random';

function parseInChunks(text: string, size: number, delimiter = ','): string[][] {
  const parser = new CsvParser(delimiter);
  const rows: string[][] = [];
  for (let i = 0; i < text.length; i += size) rows.push(...parser.push(text.slice(i, i + size)));
  rows.push(...parser.end());
  return rows;
}

const SAMPLE = 'a,b,c\r\n"x, y","say ""hi""",z\r\n"multi\r\nline",,end\r\nplain,"",\r\n"last"';
const EXPECTED = [['a', 'b', 'c'], ['x, y', 'say "hi"', 'z'], ['multi\r\nline', '', 'end'], ['plain', '', ''], ['last']];

describe('CsvParser', () => {
  it('parses RFC 4180 text in one piece', () => {
    expect(parseInChunks(SAMPLE, SAMPLE.length)).toEqual(EXPECTED);
  });

  it('gives the same rows however the text is cut into chunks', () => {
    for (let size = 1; size <= SAMPLE.length; size++) expect(parseInChunks(SAMPLE, size), `chunk size ${size}`).toEqual(EXPECTED);
  });

  it('handles LF and lone CR line ends, and a final line without a line end', () => {
    expect(parseInChunks('a;b\nc;d', 3, ';')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseInChunks('a|b\rc|d\r', 2, '|')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('keeps an unterminated quote at the end as the rest of the text rather than losing it', () => {
    expect(parseInChunks('a,"open\nstill open', 4)).toEqual([['a', 'open\nstill open']]);
  });
});

describe('CsvParser with columns (reading only some columns)', () => {
  const PIECES = ['', '', 'a', 'Ann', '212-555-0125', ' ', '  x', '\u00a0', 'é', 'Grand Total', '"q"', '"a,b"', '"l1\nl2"', '"say ""hi"""', '""', '"" x', '" lead"', '"é"', '<unread>', '\t'];

  function randomCsv(next: () => number, newline: string): string {
    const lines: string[] = [];
    const rows = 1 + Math.floor(next() * 12);
    for (let r = 0; r < rows; r++) {
      const width = Math.floor(next() * 8);
      const cells: string[] = [];
      for (let c = 0; c < width; c++) cells.push(PIECES[Math.floor(next() * PIECES.length)] as string);
      lines.push(cells.join(','));
    }
    const ending = next();
    return lines.join(newline) + (ending < 0.4 ? newline : ending < 0.5 ? '\r' : '');
  }

  function parse(text: string, size: number, columns?: number[]): string[][] {
    const parser = new CsvParser(',', columns);
    const rows: string[][] = [];
    for (let i = 0; i < text.length; i += size) for (const row of parser.push(text.slice(i, i + size))) rows.push(row);
    for (const row of parser.end()) rows.push(row);
    return rows;
  }

  it('gives the asked columns exactly, the others as blank or unread, and short rows whole', () => {
    const next = random(20261128);
    let projectedRows = 0;
    for (let i = 0; i < 3000; i++) {
      const text = randomCsv(next, ['\r\n', '\n', '\r'][Math.floor(next() * 3)] as string);
      const columns = [0, 1, 2, 3, 4, 5, 6].filter(() => next() < 0.35);
      const size = 1 + Math.floor(next() * (text.length + 1));
      const full = parse(text, text.length || 1);
      const projected = parse(text, size, columns);
      expect(projected.length, JSON.stringify({ text, columns, size })).toBe(full.length);
      full.forEach((row, r) => {
        const got = projected[r] as string[];
        const context = JSON.stringify({ text, columns, size, row });
        if (got.join('\u0000') === row.join('\u0000') && got.length === row.length) return;
        projectedRows++;
        expect(got.length, context).toBe(row.length);
        // A row comes back projected only when it has more than three filled cells: a data row.
        expect(rowDisposition(row), context).toBe('data');
        expect(row.filter((cell) => cell.trim() !== '').length, context).toBeGreaterThan(3);
        row.forEach((cell, c) => {
          if (columns.includes(c)) expect(got[c], context).toBe(cell);
          else expect(got[c], context).toBe(cell === '' ? '' : UNREAD_CELL);
        });
      });
    }
    expect(projectedRows).toBeGreaterThan(500); // the projection really happened
  });

  it('reads a one-column file of quoted cells without searching the rest of the chunk for each row', () => {
    // A guard against quadratic work, not a speed measurement: each row used to search the
    // rest of the text for a comma, which took some 10 s for these 4 MB in one piece; read
    // in linear time, it takes a fraction of a second.
    const text = '"+12125550125"\n'.repeat(280_000);
    for (const columns of [undefined, [0]]) {
      const started = performance.now();
      expect(parse(text, text.length, columns)).toHaveLength(280_000);
      expect(performance.now() - started).toBeLessThan(3000);
    }
  });
});
