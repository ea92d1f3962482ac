/**
 * Writes what people and TextPower read: files written under a temporary name and renamed
 * into place only when complete, and the Preformatted rows as bytes. The Map screen's
 * preview goes through the same row encoder as the file sent (`RowBytes`).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { csvRow } from '../../shared/formats/csv-text';
import { TxpError } from '../../shared/txp-error';

const encoder = new TextEncoder();

/** Bytes gathered before they go to the file stream. */
const CHUNK_BYTES = 256 * 1024;

/** Preformatted rows and text gathered as UTF-8 bytes, in memory. */
export class RowBytes {
  /** A plain Uint8Array: writing bytes into a Buffer (a subclass) was measured to take twice as long. */
  protected buffer = new Uint8Array(CHUNK_BYTES);
  protected used = 0;

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

  /** Everything written, as text (for the preview: an in-memory writer keeps all of it). */
  text(): string {
    return new TextDecoder().decode(this.buffer.subarray(0, this.used));
  }

  /** Makes room for `bytes` more; in memory, by growing the buffer. */
  protected reserve(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.used + bytes));
    grown.set(this.buffer.subarray(0, this.used));
    this.buffer = grown;
  }
}

/**
 * A file written under a temporary name and renamed into place only when complete. Text is
 * gathered as UTF-8 bytes in a buffer and handed to the stream in chunks: a fields array and
 * a string per row, and one growing string per batch, were a good part of the garbage that
 * `txp convert` of a million rows spent a quarter of its time collecting.
 */
export class AtomicFileWriter extends RowBytes {
  private readonly temporary: string;
  private readonly stream: WriteStream;
  private failed: Error | null = null;

  constructor(private readonly path: string) {
    super();
    this.temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.part`);
    // Room for several chunks in flight: with the default 16 KB, every flush (a batch's rows,
    // some 200 KB) waited for the disk.
    this.stream = createWriteStream(this.temporary, { flags: 'wx', mode: 0o600, highWaterMark: 4 * CHUNK_BYTES });
    this.stream.on('error', (error) => (this.failed = error));
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
  protected override reserve(bytes: number): void {
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
