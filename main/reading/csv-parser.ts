/**
 * Stands for a cell that holds text but was not read into a string, because the reader asked
 * for some columns only (see CsvParser's `columns`).
 */
export const UNREAD_CELL = '<unread>';

/** Rows with at most this many filled cells are always read whole (see rowDisposition). */
const SHORT_ROW_CELLS = 3;

/**
 * A streaming RFC 4180 parser: fields may be quoted, quotes inside are doubled, and quoted
 * fields may hold delimiters and line breaks. Rows end with CR LF, LF or CR. Lines without a
 * quote take a fast path (a plain split), which is most lines of a CRM export; measured here
 * it reads a 1,000,000-row file several times faster than papaparse's streaming mode.
 *
 * Given `columns`, only those columns are read into strings: any other cell is '' when it
 * is empty and UNREAD_CELL when it holds text (`txp convert` needs the phone, tag and
 * opt-out columns of a row, and whether the row is blank or a short summary row). A row
 * with few filled cells, or one whose other cells cannot be told filled or blank at a
 * glance, is read whole, so a short row comes out exactly as without `columns`.
 */
export class CsvParser {
  private pending = '';
  private newline: '\n' | '\r' | null = null;
  private rowCount = 0;
  /** wanted[c] === 1: column c is read (null: every column is). */
  private readonly wanted: Uint8Array | null;
  /** The next delimiter at or after the current field in the text being parsed (length: none). */
  private delimiterAt = -1;
  /** Where the search that found delimiterAt started. */
  private delimiterFrom = 0;
  /** The end of the current row's line (before a CR LF's CR) in the text being parsed. */
  private lineBreakAt = -1;

  constructor(
    private readonly delimiter: string,
    columns?: readonly number[],
  ) {
    if (columns === undefined) {
      this.wanted = null;
    } else {
      this.wanted = new Uint8Array(Math.max(-1, ...columns) + 1);
      for (const column of columns) this.wanted[column] = 1;
    }
  }

  /** Rows completed by this chunk of text. */
  push(chunk: string): string[][] {
    const rows: string[][] = [];
    this.newline ??= detectNewline(this.pending + chunk, false);
    if (this.newline === null) {
      this.pending += chunk;
      return rows;
    }
    // The chunk itself is parsed in place. Parsing `pending + chunk` instead would hand V8 a
    // rope (cons string) of a megabyte, and every slice of it was measured to cost a copy.
    let start = 0;
    if (this.pending !== '') {
      start = this.finishPendingRow(chunk, rows);
      if (start === -1) {
        this.pending += chunk;
        return rows;
      }
    }
    this.pending = chunk.slice(this.parse(chunk, start, rows, false));
    return rows;
  }

  /** Rows left at the end of the input. */
  end(): string[][] {
    const rows: string[][] = [];
    this.newline ??= detectNewline(this.pending, true);
    if (this.pending.length > 0) this.parse(this.pending, 0, rows, true);
    this.pending = '';
    return rows;
  }

  /**
   * Completes the row left over from the last chunk with the start of this one: the pending
   * text plus the chunk up to a line end, extended line by line while a quoted field is
   * still open. Returns where the rest of the chunk starts, or -1 if the row goes on past it.
   */
  private finishPendingRow(chunk: string, rows: string[][]): number {
    const newline = this.newline ?? '\n';
    for (let lineEnd = chunk.indexOf(newline); lineEnd !== -1; lineEnd = chunk.indexOf(newline, lineEnd + 1)) {
      const head = this.pending + chunk.slice(0, lineEnd + 1);
      const found: string[][] = [];
      const before = this.rowCount;
      if (this.parse(head, 0, found, false) === head.length) {
        rows.push(...found);
        this.pending = '';
        return lineEnd + 1;
      }
      this.rowCount = before;
    }
    return -1;
  }

  get rowsParsed(): number {
    return this.rowCount;
  }

  /** Parses complete rows from `text` into `rows`; returns where the unfinished rest starts. */
  private parse(text: string, start: number, rows: string[][], final: boolean): number {
    const { delimiter } = this;
    const newline = this.newline ?? '\n';
    let position = start;
    const length = text.length;
    // Where the next quote is, found once and moved on only when passed: searching afresh
    // for every row would scan the rest of the chunk again and again in a file without quotes.
    let quote = text.indexOf('"', start);
    this.delimiterAt = -1; // a new text
    while (position < length) {
      if (quote !== -1 && quote < position) quote = text.indexOf('"', position);
      let lineEnd = text.indexOf(newline, position);
      if (lineEnd === -1) {
        if (!final) return position;
        lineEnd = length;
      }
      if (quote === -1 || quote > lineEnd) {
        let end = lineEnd;
        if (newline === '\n' && end > position && text.charCodeAt(end - 1) === 13) end--;
        rows.push(this.wanted ? this.projectPlainRow(text, position, end, this.wanted) : text.slice(position, end).split(delimiter));
        this.rowCount++;
        position = lineEnd + 1;
        continue;
      }
      const next = this.parseQuotedRow(text, position, rows, final, this.wanted);
      if (next === -1) return position;
      position = next;
    }
    return length;
  }

  /** A line without quotes, `start` to `end`, with only the wanted columns read. */
  private projectPlainRow(text: string, start: number, end: number, wanted: Uint8Array): string[] {
    const cells: string[] = [];
    let filled = 0;
    let fieldStart = start;
    for (let column = 0; ; column++) {
      const stop = Math.min(this.nextDelimiter(text, fieldStart), end);
      if (column < wanted.length && wanted[column] === 1) {
        const cell = text.slice(fieldStart, stop);
        cells.push(cell);
        if (hasVisibleStart(cell, 0, cell.length)) filled++;
      } else if (stop === fieldStart) {
        cells.push('');
      } else if (hasVisibleStart(text, fieldStart, stop)) {
        cells.push(UNREAD_CELL);
        filled++;
      } else {
        return text.slice(start, end).split(this.delimiter); // white space, or not ASCII: read it whole
      }
      if (stop === end) break;
      fieldStart = stop + 1;
    }
    return filled > SHORT_ROW_CELLS ? cells : text.slice(start, end).split(this.delimiter);
  }

  /**
   * The first delimiter at or after `from`, found once and kept while `from` moves towards it:
   * searching afresh for each field would scan to the end of the chunk again and again in a
   * file with one column.
   */
  private nextDelimiter(text: string, from: number): number {
    if (from < this.delimiterFrom || from > this.delimiterAt) {
      const found = text.indexOf(this.delimiter, from);
      this.delimiterFrom = from;
      this.delimiterAt = found === -1 ? text.length : found;
    }
    return this.delimiterAt;
  }

  /**
   * The slow path for a row with quotes: a character-level state machine. Returns -1 if the
   * row is unfinished. With `wanted`, the other columns' fields are passed over, not built.
   */
  private parseQuotedRow(text: string, start: number, rows: string[][], final: boolean, wanted: Uint8Array | null): number {
    const { delimiter } = this;
    const fields: string[] = [];
    let field = '';
    let position = start;
    const length = text.length;
    this.lineBreakAt = -1;
    let filled = 0;
    while (true) {
      const column = fields.length;
      if (wanted !== null && (column >= wanted.length || wanted[column] === 0)) {
        // A column not asked for: find where its field ends, and whether it is filled.
        const skipped = this.skipField(text, position, final);
        if (skipped === UNFINISHED) return -1;
        if (skipped === UNCLEAR) return this.parseQuotedRow(text, start, rows, final, null);
        position = this.fieldEnd;
        if (skipped === FILLED) filled++;
        field = skipped === FILLED ? UNREAD_CELL : '';
      } else if (position < length && text[position] === '"') {
        // Quoted field: up to the closing quote, with "" for a quote inside.
        position++;
        while (true) {
          const close = text.indexOf('"', position);
          if (close === -1) {
            if (!final) return -1;
            field += text.slice(position); // unterminated quote at the end: keep what is there
            position = length;
            break;
          }
          field += text.slice(position, close);
          if (text[close + 1] === '"') {
            field += '"';
            position = close + 2;
            continue;
          }
          if (close + 1 >= length && !final) return -1;
          position = close + 1;
          break;
        }
      }
      if (field !== UNREAD_CELL || wanted === null || (column < wanted.length && wanted[column] === 1)) {
        // Unquoted part (or what follows a closing quote) up to a delimiter or line end.
        let stop = this.nextDelimiter(text, position);
        if (this.lineBreakAt < position) this.lineBreakAt = this.lineBreakFrom(text, position);
        if (this.lineBreakAt < stop) stop = this.lineBreakAt;
        if (stop > position) {
          field += text.slice(position, stop);
          position = stop;
        }
      }
      if (wanted !== null && field !== UNREAD_CELL && field !== '' && hasVisibleStart(field, 0, field.length)) filled++;
      if (position >= length) {
        if (!final) return -1;
        fields.push(field);
        return this.endQuotedRow(text, start, rows, final, wanted, fields, filled, length);
      }
      const char = text[position];
      fields.push(field);
      field = '';
      if (char === delimiter) {
        position++;
        continue;
      }
      // A line break ends the row; CR LF counts as one.
      position++;
      if (char === '\r' && text[position] === '\n') position++;
      else if (char === '\r' && position >= length && !final && this.newline === '\n') return -1;
      return this.endQuotedRow(text, start, rows, final, wanted, fields, filled, position);
    }
  }

  /** A quoted row is complete: kept, or read again whole when it is short (see SHORT_ROW_CELLS). */
  private endQuotedRow(text: string, start: number, rows: string[][], final: boolean, wanted: Uint8Array | null, fields: string[], filled: number, end: number): number {
    if (wanted !== null && filled <= SHORT_ROW_CELLS) return this.parseQuotedRow(text, start, rows, final, null);
    rows.push(fields);
    this.rowCount++;
    return end;
  }

  /** Where the line break after `position` is (before the CR of a CR LF), or the text's length. */
  private lineBreakFrom(text: string, position: number): number {
    const newline = this.newline ?? '\n';
    const lineBreak = text.indexOf(newline, position);
    if (lineBreak === -1) return text.length;
    if (newline === '\n' && lineBreak > position && text.charCodeAt(lineBreak - 1) === 13) return lineBreak - 1;
    return lineBreak;
  }

  /** Where skipField left off: the delimiter, line break or end after the field. */
  private fieldEnd = 0;

  /**
   * Passes over the field at `position` without building it: FILLED or EMPTY when that is
   * plain from its first character, UNCLEAR otherwise (the row is then read whole), and
   * UNFINISHED when the text ends inside it before the input does.
   */
  private skipField(text: string, position: number, final: boolean): FieldLook {
    const length = text.length;
    let at = position;
    let look: FieldLook = EMPTY;
    if (at < length && text.charCodeAt(at) === 34) {
      // Quoted: the value starts with the character after the quote, or is "" plus what follows.
      const first = at + 1 < length ? text.charCodeAt(at + 1) : -1;
      if (first === 34 && text.charCodeAt(at + 2) !== 34) look = EMPTY;
      else if (first === 34 || isVisibleAscii(first)) look = FILLED;
      else return at + 1 >= length && !final ? UNFINISHED : UNCLEAR;
      at++;
      while (true) {
        const close = text.indexOf('"', at);
        if (close === -1) return final ? UNCLEAR : UNFINISHED;
        if (text.charCodeAt(close + 1) === 34) {
          at = close + 2;
          continue;
        }
        if (close + 1 >= length && !final) return UNFINISHED;
        at = close + 1;
        break;
      }
    }
    // The unquoted part up to a delimiter or line end.
    let stop = this.nextDelimiter(text, at);
    if (this.lineBreakAt < at) this.lineBreakAt = this.lineBreakFrom(text, at);
    if (this.lineBreakAt < stop) stop = this.lineBreakAt;
    if (stop > at) {
      if (look === EMPTY) {
        if (!isVisibleAscii(text.charCodeAt(at))) return UNCLEAR;
        look = FILLED;
      }
    }
    if (stop >= length && !final) return UNFINISHED;
    this.fieldEnd = stop;
    return look;
  }
}

type FieldLook = 0 | 1 | 2 | 3;
const EMPTY: FieldLook = 0;
const FILLED: FieldLook = 1;
const UNCLEAR: FieldLook = 2;
const UNFINISHED: FieldLook = 3;

/** Printable ASCII other than the space: never white space, so a value starting with it is filled. */
function isVisibleAscii(code: number): boolean {
  return code > 32 && code < 127;
}

/** Whether text[start, end) starts with a visible ASCII character (so is filled, as `hasText` tells). */
function hasVisibleStart(text: string, start: number, end: number): boolean {
  return end > start && isVisibleAscii(text.charCodeAt(start));
}

/** LF or CR LF count as LF (a CR before it is stripped); a CR alone is a Mac classic line end. */
function detectNewline(text: string, final: boolean): '\n' | '\r' | null {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (lf === -1 && cr === -1) return final ? '\n' : null;
  if (cr === -1 || (lf !== -1 && lf < cr)) return '\n';
  if (cr + 1 < text.length) return text[cr + 1] === '\n' ? '\n' : '\r';
  return final ? '\r' : null;
}

