/**
 * A streaming RFC 4180 parser: fields may be quoted, quotes inside are doubled, and quoted
 * fields may hold delimiters and line breaks. Rows end with CR LF, LF or CR. Lines without a
 * quote take a fast path (a plain split), which is most lines of a CRM export; measured here
 * it reads a 1,000,000-row file several times faster than papaparse's streaming mode.
 */
export class CsvParser {
  private pending = '';
  private newline: '\n' | '\r' | null = null;
  private rowCount = 0;

  constructor(private readonly delimiter: string) {}

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
        rows.push(text.slice(position, end).split(delimiter));
        this.rowCount++;
        position = lineEnd + 1;
        continue;
      }
      const next = this.parseQuotedRow(text, position, rows, final);
      if (next === -1) return position;
      position = next;
    }
    return length;
  }

  /** The slow path for a row with quotes: a character-level state machine. Returns -1 if the row is unfinished. */
  private parseQuotedRow(text: string, start: number, rows: string[][], final: boolean): number {
    const { delimiter } = this;
    const newline = this.newline ?? '\n';
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
      let stop = text.indexOf(delimiter, position);
      if (stop === -1) stop = length;
      if (lineBreak < position) {
        lineBreak = text.indexOf(newline, position);
        if (lineBreak === -1) lineBreak = length;
        else if (newline === '\n' && lineBreak > position && text.charCodeAt(lineBreak - 1) === 13) lineBreak--;
      }
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

