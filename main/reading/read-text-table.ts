/**
 * Streams the rows of a delimited text file: decoded in its detected encoding, parsed by
 * CsvParser (RFC 4180 quoting, embedded delimiters and newlines). Every cell is its exact
 * text: leading zeros, `+` and long digit strings survive. (papaparse's streaming mode took
 * 4–6 s for a 1,000,000-row file here; the parser in csv-parser.ts is much faster.)
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { TxpError } from '../../shared/txp-error';
import { CsvParser } from './csv-parser';
import { decoderLabel, type EncodingDetection } from './text-encoding';

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

const SAMPLE_BYTES = 256 * 1024;
const MAX_CELL_CHARS = 1 << 20;

export async function readTextSample(path: string, encoding: EncodingDetection): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, encoding.skip);
    return new TextDecoder(decoderLabel(encoding.encoding)).decode(buffer.subarray(0, bytesRead), { stream: true });
  } finally {
    await handle.close();
  }
}

/**
 * About how many rows a text file has, from the line breaks in its sample (the first
 * SAMPLE_BYTES): a hint for sizing tables, never a count to show.
 */
export function estimateRowCount(sample: string, fileBytes: number): number {
  let lines = 0;
  for (let at = sample.indexOf('\n'); at !== -1; at = sample.indexOf('\n', at + 1)) lines++;
  if (lines === 0) for (let at = sample.indexOf('\r'); at !== -1; at = sample.indexOf('\r', at + 1)) lines++;
  const sampledBytes = Math.min(fileBytes, SAMPLE_BYTES);
  return sampledBytes > 0 ? Math.ceil(((lines + 1) * fileBytes) / sampledBytes) : 0;
}

/** The delimiter that splits the sample's lines most consistently (`,` when there is just one column). */
export function detectDelimiter(sample: string): Delimiter {
  const lines = sample.split(/\r\n|\n|\r/).slice(0, 50);
  if (lines.length > 1 && sample.length >= SAMPLE_BYTES - 4) lines.pop(); // the last line may be cut
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const delimiter of DELIMITERS) {
    const counts = lines.filter((line) => line.trim() !== '').map((line) => countOutsideQuotes(line, delimiter));
    if (counts.length === 0) continue;
    const frequency = new Map<number, number>();
    for (const count of counts) if (count > 0) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    let modeCount = 0;
    let mode = 0;
    for (const [count, times] of frequency) if (times > modeCount || (times === modeCount && count > mode)) [mode, modeCount] = [count, times];
    const score = (modeCount / counts.length) * Math.log2(1 + mode);
    if (score > bestScore) [best, bestScore] = [delimiter, score];
  }
  return best;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) count++;
  }
  return count;
}

/**
 * Yields the file's rows in batches (every row is an array of cell texts). Given `columns`,
 * the other columns' cells are not read into strings (see CsvParser).
 */
export async function* readTextRows(path: string, encoding: EncodingDetection, delimiter: Delimiter, columns?: readonly number[]): AsyncGenerator<string[][]> {
  const decoder = new TextDecoder(decoderLabel(encoding.encoding));
  const parser = new CsvParser(delimiter, columns);
  // Reads of 256 KB: a batch of rows then dies young. With 1 MB reads a batch outlived two
  // scavenges and was promoted, and old space grew by 100 MB of garbage before it was marked
  // (the messy 1,000,000-row convert peaked at 310 MB, with 256 KB at 220–240 MB, as fast).
  const source = createReadStream(path, { start: encoding.skip, highWaterMark: 1 << 18 });
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      const rows = parser.push(decoder.decode(chunk, { stream: true }));
      checkCells(rows, parser.rowsParsed, path);
      if (rows.length > 0) yield rows;
    }
    const rows = parser.push(decoder.decode());
    rows.push(...parser.end());
    checkCells(rows, parser.rowsParsed, path);
    if (rows.length > 0) yield rows;
  } finally {
    source.destroy();
  }
}

function checkCells(rows: string[][], rowsParsed: number, path: string): void {
  for (let i = 0; i < rows.length; i++) {
    for (const cell of rows[i] ?? []) {
      if (cell.length > MAX_CELL_CHARS) {
        const rowNumber = rowsParsed - rows.length + i + 1;
        throw new TxpError('INPUT', `${basename(path)}, row ${rowNumber}: a cell is over a million characters long; a quoted field probably never ends.`);
      }
    }
  }
}
