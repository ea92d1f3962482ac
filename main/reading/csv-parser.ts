/**
 * Stands for a cell that holds text but was not read into a string, because the reader asked
 * for some columns only (see CsvParser's `columns`).
 */
export const UNREAD_CELL = '<unread>';

/** Rows with at most this many filled cells are always read whole (see rowDisposition). */
export const SHORT_ROW_CELLS = 3;

/**
 * A streaming RFC 4180 parser: fields may be quoted, quotes inside are doubled, and quoted
 * fields may hold delimiters and line breaks. Rows end with CR LF, LF or CR. Lines without a
 * quote take a fast path (a plain split), which is most lines of a CRM export; measured here
 * it reads the 1,000,000-row bench file faster than papaparse's streaming mode (see the README).
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
      let next = this.wanted ? this.projectQuotedRow(text, position, lineEnd, rows, final, this.wanted) : -2;
      if (next === -2) next = this.parseQuotedRow(text, position, rows, final);
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
   * A row with quotes, with only the wanted columns built. Returns where the next row starts,
   * -1 if the row goes on past the text, or -2 when it is to be read whole: it is short, or a
   * cell of another column is neither plainly filled nor plainly empty.
   */
  private projectQuotedRow(text: string, start: number, lineEnd: number, rows: string[][], final: boolean, wanted: Uint8Array): number {
    const delimiterCode = this.delimiter.charCodeAt(0);
    const length = text.length;
    const cells: string[] = [];
    let filled = 0;
    let position = start;
    let delimiterAt = this.nextDelimiter(text, position);
    // The first line break (before a CR LF's CR); one inside a quoted field is passed later.
    let lineBreak = lineEnd < length && this.newline === '\n' && lineEnd > start && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    for (let column = 0; ; column++) {
      const want = column < wanted.length && wanted[column] === 1;
      let value = '';
      let look = EMPTY;
      if (position < length && text.charCodeAt(position) === 34) {
        // Quoted: up to the closing quote, with "" for a quote inside.
        let at = position + 1;
        if (!want) {
          const first = at < length ? text.charCodeAt(at) : -1;
          if (first === 34 ? text.charCodeAt(at + 1) === 34 : isVisibleAscii(first)) look = FILLED;
          else if (first !== 34) return at >= length && !final ? -1 : -2;
        }
        while (true) {
          const close = text.indexOf('"', at);
          if (close === -1) return final ? -2 : -1;
          if (want) value += text.slice(at, close);
          if (text.charCodeAt(close + 1) === 34) {
            if (want) value += '"';
            at = close + 2;
            continue;
          }
          if (close + 1 >= length && !final) return -1;
          position = close + 1;
          break;
        }
        if (lineBreak < position) lineBreak = this.lineBreakFrom(text, position);
      }
      // The unquoted part (or what follows a closing quote) up to a delimiter or line end.
      if (delimiterAt < position) delimiterAt = this.nextDelimiter(text, position);
      const stop = delimiterAt < lineBreak ? delimiterAt : lineBreak;
      if (stop > position) {
        if (want) value += text.slice(position, stop);
        else if (look === EMPTY) {
          if (!isVisibleAscii(text.charCodeAt(position))) return -2;
          look = FILLED;
        }
        position = stop;
      }
      if (want) {
        cells.push(value);
        if (value !== '' && isVisibleAscii(value.charCodeAt(0))) filled++;
      } else if (look === FILLED) {
        cells.push(UNREAD_CELL);
        filled++;
      } else {
        cells.push('');
      }
      if (position >= length) {
        if (!final) return -1;
        break;
      }
      const char = text.charCodeAt(position);
      position++;
      if (char === delimiterCode) continue;
      // A line break ends the row; CR LF counts as one.
      if (char === 13 && text.charCodeAt(position) === 10) position++;
      else if (char === 13 && position >= length && !final && this.newline === '\n') return -1;
      break;
    }
    if (filled <= SHORT_ROW_CELLS) return -2;
    rows.push(cells);
    this.rowCount++;
    return position;
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

  /** The slow path for a row with quotes, every field built: a character-level state machine. Returns -1 if the row is unfinished. */
  private parseQuotedRow(text: string, start: number, rows: string[][], final: boolean): number {
    const { delimiter } = this;
    const fields: string[] = [];
    let field = '';
    let position = start;
    const length = text.length;
    let lineBreak = -1;
    while (true) {
      if (position < length && text[position] === '"') {
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
      // Unquoted part (or what follows a closing quote) up to a delimiter or line end.
      let stop = this.nextDelimiter(text, position);
      if (lineBreak < position) lineBreak = this.lineBreakFrom(text, position);
      if (lineBreak < stop) stop = lineBreak;
      if (stop > position) {
        field += text.slice(position, stop);
        position = stop;
      }
      if (position >= length) {
        if (!final) return -1;
        fields.push(field);
        rows.push(fields);
        this.rowCount++;
        return length;
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
      rows.push(fields);
      this.rowCount++;
      return position;
    }
  }

  /** Where the line break after `position` is (before the CR of a CR LF), or the text's length. */
  private lineBreakFrom(text: string, position: number): number {
    const newline = this.newline ?? '\n';
    const lineBreak = text.indexOf(newline, position);
    if (lineBreak === -1) return text.length;
    if (newline === '\n' && lineBreak > position && text.charCodeAt(lineBreak - 1) === 13) return lineBreak - 1;
    return lineBreak;
  }
}

/** What a glance at a cell of a column not read tells. */
const EMPTY = 0;
const FILLED = 1;

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
