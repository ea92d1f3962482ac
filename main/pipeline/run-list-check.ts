/**
 * Streams a prepared list through the ListChecker: every row is checked, the Preformatted
 * rows and the problems go to their sinks as they come, and progress is reported per batch.
 * Memory stays flat whatever the file's size (the set of numbers seen is the only growth).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ListChecker, type CheckSummary, type Problem } from '../../shared/check/list-checker';
import { cleanTag } from '../../shared/formats/clean-tag';
import { csvRow } from '../../shared/formats/csv-text';
import { columnLabel } from '../../shared/mapping/column-ref';
import { TxpError } from '../../shared/txp-error';
import type { PreparedList } from './prepare-list';

export interface CheckSinks {
  /** A Preformatted row (see ListCheckerOutput.row: the tags array is reused). */
  row?(number: string, tags: readonly string[]): void;
  problem?(problem: Problem): void;
  /** Rows read so far (data rows and the rows above them). */
  progress?(rowsRead: number): void;
  /** Awaited after each batch, so that writers can apply backpressure. */
  afterBatch?(): Promise<void>;
  signal?: AbortSignal;
}

export async function runListCheck(list: PreparedList, sinks: CheckSinks = {}): Promise<CheckSummary> {
  const output = { ...(sinks.row ? { row: sinks.row } : {}), ...(sinks.problem ? { problem: sinks.problem } : {}) };
  const expectedNumbers = (list.table.estimatedRows ?? 0) * list.mapping.phone.length;
  const checker = new ListChecker(list.mapping, list.layout.headers, list.phoneFormat, output, expectedNumbers);
  const start = list.layout.dataStart;
  let index = 0;
  // Only the columns the check reads become strings: the rest of a wide row is passed over.
  const { phone, tags, removeWhen } = list.mapping;
  const columns = [...phone, ...tags, ...(removeWhen ? [removeWhen.column] : [])];
  for await (const batch of list.table.rows({ columns })) {
    if (sinks.signal?.aborted) throw new TxpError('CANCELED', `Checking ${list.table.file} was cancelled.`);
    for (const row of batch) {
      if (index >= start) checker.add(index + 1, row);
      index++;
    }
    sinks.progress?.(index);
    await sinks.afterBatch?.();
  }
  return checker.summary;
}

const encoder = new TextEncoder();

/** Bytes gathered before they go to the file stream. */
const CHUNK_BYTES = 256 * 1024;

/**
 * A file written under a temporary name and renamed into place only when complete. Text is
 * gathered as UTF-8 bytes in a buffer and handed to the stream in chunks: a fields array and
 * a string per row, and one growing string per batch, were a good part of the garbage that
 * `txp convert` of a million rows spent a quarter of its time collecting.
 */
export class AtomicFileWriter {
  private readonly temporary: string;
  private readonly stream: WriteStream;
  private failed: Error | null = null;
  /** A plain Uint8Array: writing bytes into a Buffer (a subclass) was measured to take twice as long. */
  private buffer = new Uint8Array(CHUNK_BYTES);
  private used = 0;

  constructor(private readonly path: string) {
    this.temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.part`);
    // Room for several chunks in flight: with the default 16 KB, every flush (a batch's rows,
    // some 200 KB) waited for the disk.
    this.stream = createWriteStream(this.temporary, { flags: 'wx', mode: 0o600, highWaterMark: 4 * CHUNK_BYTES });
    this.stream.on('error', (error) => (this.failed = error));
  }

  write(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    this.reserve(text.length * 3);
    this.used += encoder.encodeInto(text, this.buffer.subarray(this.used)).written;
  }

  /**
   * One Preformatted row: the number, then the tags, comma-separated, ending in CR LF. The
   * fields the checker gives are ASCII letters, digits, + and - and need no quoting, so
   * they are copied byte by byte; a field that would need more goes through csvRow.
   */
  writeRow(number: string, tags: readonly string[]): void {
    let length = number.length + 2;
    for (let i = 0; i < tags.length; i++) length += (tags[i] as string).length + 1;
    this.reserve(length);
    const { buffer } = this;
    const start = this.used;
    let at = copyPlain(number, buffer, start);
    for (let i = 0; i < tags.length && at !== -1; i++) {
      buffer[at++] = 44; // ,
      at = copyPlain(tags[i] as string, buffer, at);
    }
    if (at === -1) {
      this.write(csvRow([number, ...tags]));
      return;
    }
    buffer[at++] = 13;
    buffer[at++] = 10;
    this.used = at;
  }

  /** Hands what was written to the file, waiting while the disk is behind. */
  async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.used === 0) return;
    if (!this.stream.write(this.take())) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }

  async commit(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    if (this.failed) throw this.failed;
    await rename(this.temporary, this.path);
  }

  async discard(): Promise<void> {
    this.stream.destroy();
    await rm(this.temporary, { force: true });
  }

  /** Makes room for `bytes` more, handing a full buffer to the stream (which queues it). */
  private reserve(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    if (this.used > 0) this.stream.write(this.take());
    if (bytes > this.buffer.length) this.buffer = new Uint8Array(bytes);
  }

  /** The bytes written so far, for the stream; the buffer starts over. */
  private take(): Uint8Array {
    const used = this.used;
    this.used = 0;
    // The stream keeps what it is given until written: a full buffer is handed over and
    // replaced, a small part is copied out and the buffer kept.
    if (used < this.buffer.length / 4) return this.buffer.slice(0, used);
    const full = this.buffer.subarray(0, used);
    this.buffer = new Uint8Array(CHUNK_BYTES);
    return full;
  }
}

/**
 * Copies a field of printable ASCII that needs no CSV quoting into `buffer` at `at`; returns
 * where it ends, or -1 when the field holds anything else (a comma, a quote, a line break,
 * a control character or non-ASCII text).
 */
function copyPlain(text: string, buffer: Uint8Array, at: number): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 || code > 126 || code === 44 || code === 34) return -1;
    buffer[at++] = code;
  }
  return at;
}

export async function withAtomicFile<T>(path: string | undefined, work: (writer: AtomicFileWriter | null) => Promise<T>): Promise<T> {
  if (!path) return work(null);
  let writer: AtomicFileWriter;
  try {
    writer = new AtomicFileWriter(path);
  } catch (error) {
    throw new TxpError('INPUT', `Cannot write ${path}: ${error instanceof Error ? error.message : String(error)}.`);
  }
  try {
    const result = await work(writer);
    await writer.commit();
    return result;
  } catch (error) {
    await writer.discard();
    if (error instanceof TxpError) throw error;
    throw new TxpError('INPUT', `Cannot write ${path}: ${error instanceof Error ? error.message : String(error)}.`);
  }
}

/** The header row `--header` adds for people: phone, then each tag column's cleaned name. */
export function preformattedHeader(list: PreparedList): string[] {
  return ['phone', ...list.mapping.tags.map((i) => cleanTag(columnLabel(i, list.layout.headers)).tag || `tag${i + 1}`)];
}

export const REPORT_HEADER = ['row', 'column', 'value', 'reason', 'detail'];

export function reportRow(problem: Problem): string {
  return csvRow([String(problem.row), problem.column, problem.value, problem.reason, problem.detail], { forPeople: true });
}

export { csvRow };
