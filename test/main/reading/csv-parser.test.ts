import { describe, expect, it } from 'vitest';
import { CsvParser } from '../../../main/reading/csv-parser';

function parseInChunks(text: string, size: number, delimiter = ','): string[][] {
  const parser = new CsvParser(delimiter);
  const rows: string[][] = [];
  for (let i = 0; i < text.length; i += size) rows.push(...parser.push(text.slice(i, i + size)));
  rows.push(...parser.end());
  return rows;
}

const SAMPLE = 'a,b,c\r\n"x, y","say ""hi""",z\r\n"multi\r\nline",,end\r\nplain,"",\r\n"last"';
const EXPECTED = [
  ['a', 'b', 'c'],
  ['x, y', 'say "hi"', 'z'],
  ['multi\r\nline', '', 'end'],
  ['plain', '', ''],
  ['last'],
];

describe('CsvParser', () => {
  it('parses RFC 4180 text in one piece', () => {
    expect(parseInChunks(SAMPLE, SAMPLE.length)).toEqual(EXPECTED);
  });

  it('gives the same rows however the text is cut into chunks', () => {
    for (let size = 1; size <= SAMPLE.length; size++) expect(parseInChunks(SAMPLE, size), `chunk size ${size}`).toEqual(EXPECTED);
  });

  it('handles LF and lone CR line ends, and a final line without a line end', () => {
    expect(parseInChunks('a;b\nc;d', 3, ';')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(parseInChunks('a|b\rc|d\r', 2, '|')).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('keeps an unterminated quote at the end as the rest of the text rather than losing it', () => {
    expect(parseInChunks('a,"open\nstill open', 4)).toEqual([['a', 'open\nstill open']]);
  });
});
