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
  row?(fields: string[]): void;
  problem?(problem: Problem): void;
  /** Rows read so far (data rows and the rows above them). */
  progress?(rowsRead: number): void;
  /** Awaited after each batch, so that writers can apply backpressure. */
  afterBatch?(): Promise<void>;
  signal?: AbortSignal;
}

export async function runListCheck(list: PreparedList, sinks: CheckSinks = {}): Promise<CheckSummary> {
  const checker = new ListChecker(list.mapping, list.layout.headers, list.phoneFormat, {
    ...(sinks.row ? { row: sinks.row } : {}),
    ...(sinks.problem ? { problem: sinks.problem } : {}),
  });
  const start = list.layout.dataStart;
  let index = 0;
  for await (const batch of list.table.rows()) {
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

/** A file written under a temporary name and renamed into place only when complete. */
export class AtomicFileWriter {
  private readonly temporary: string;
  private readonly stream: WriteStream;
  private failed: Error | null = null;
  private pending = '';

  constructor(private readonly path: string) {
    this.temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.part`);
    this.stream = createWriteStream(this.temporary, { flags: 'wx', mode: 0o600 });
    this.stream.on('error', (error) => (this.failed = error));
  }

  write(text: string): void {
    this.pending += text;
  }

  /** Hands what was written to the file, waiting while the disk is behind. */
  async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.pending === '') return;
    const ready = this.stream.write(this.pending);
    this.pending = '';
    if (!ready) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
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
