/**
 * XLSX read directly from its ZIP, without SheetJS: the first rows for the preview, and every
 * row of a sheet as a stream for checking and converting.
 *
 * SheetJS inflates and parses an entire sheet into cell objects even when asked for 100 rows
 * (2.6–3.9 s for 200,000 rows here), and holds all of it in memory. This reads the ZIP
 * directory, inflates the sheet's XML as a stream and scans it row by row, keeping nothing but
 * the shared strings. It gives what SheetJS's full read gives (the tests compare the two):
 * exact integer digits, a number whose format is a date (styles.xml) as a date the way SheetJS
 * makes it (`cellDates`, both date systems), booleans as TRUE / FALSE, errors as empty. Anything
 * it does not expect (namespace prefixes, ZIP64, a part that is missing) gives null before a
 * single row is given, and the caller reads the workbook with SheetJS instead.
 */
import { readFile } from 'node:fs/promises';
import { isAscii } from 'node:buffer';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { Inflate } from 'fflate';
import * as XLSX from 'xlsx';
import { TxpError } from '../../shared/txp-error';
import { cellText, MAX_SHEET_ROWS, MAX_UNCOMPRESSED_BYTES, numberText, tooBigToUnpack, unpacksBeyondDirectory, unreadableWorkbook } from './read-workbook';
import { SHORT_ROW_CELLS, UNREAD_CELL } from './csv-parser';
import { entryBytes, readZipDirectory, type ZipEntry } from './zip-directory';

export interface XlsxReader {
  sheets: string[];
  /** The first `count` rows of a sheet (fewer when it has fewer), or null when they cannot be read here. */
  rows(sheet: string, count: number): string[][] | null;
  /**
   * Every row of a sheet from the first, in batches; null when the sheet cannot be read here.
   * With `columns` (0-based), another column's cell is '' when empty and UNREAD_CELL when not,
   * except in a row of SHORT_ROW_CELLS filled cells or fewer, which comes whole (as CsvParser).
   */
  stream(sheet: string, columns?: readonly number[]): AsyncGenerator<string[][]> | null;
  /** About how many rows a sheet has, from the size of its XML and of its first rows (for progress and sizing), or null. */
  estimatedRows(sheet: string): number | null;
}

/** Rows per batch of the stream, at least (a batch ends with the inflated chunk that fills it). */
const BATCH_ROWS = 5000;

export async function openXlsxReader(path: string, file: string, format: 'xlsx' | 'xlsm'): Promise<XlsxReader | null> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch {
    return null;
  }
  const entries = readZipDirectory(data);
  if (!entries || [...entries.values()].some((e) => e.originalSize === 0xffffffff || e.compressedSize === 0xffffffff)) return null;
  const declared = [...entries.values()].reduce((sum, entry) => sum + entry.originalSize, 0);
  if (declared > MAX_UNCOMPRESSED_BYTES) throw new TxpError('INPUT', tooBigToUnpack(file, declared));
  const text = (name: string, until?: (soFar: string) => boolean): Inflated | null => {
    const entry = entries.get(name);
    return entry ? inflateEntry(data, entry, until) : null;
  };
  try {
    const workbook = text('xl/workbook.xml')?.text;
    const rels = text('xl/_rels/workbook.xml.rels')?.text;
    if (!workbook || !rels) return null;
    const targets = new Map<string, string>();
    const relationships = [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => m[0]);
    for (const tag of relationships) {
      const id = attribute(tag, 'Id');
      const target = attribute(tag, 'Target');
      if (id && target) targets.set(id, partName(target));
    }
    const sheets: { name: string; part: string; hidden: boolean }[] = [];
    for (const match of workbook.matchAll(/<sheet\b[^>]*>/g)) {
      const name = attribute(match[0], 'name');
      const id = attribute(match[0], 'r:id');
      const part = id ? targets.get(id) : undefined;
      if (name === null || !part) return null;
      const state = attribute(match[0], 'state');
      sheets.push({ name: decodeXml(name), part, hidden: state === 'hidden' || state === 'veryHidden' });
    }
    // Hidden and very hidden sheets are not offered (nor picked by themselves), unless every sheet is hidden.
    const offered = sheets.some((s) => !s.hidden) ? sheets.filter((s) => !s.hidden) : sheets;
    const stylesTarget = relationships.find((tag) => /\/styles"/.test(tag));
    const stylesPart = stylesTarget ? attribute(stylesTarget, 'Target') : null;
    const styles = text(stylesPart ? partName(stylesPart) : 'xl/styles.xml')?.text ?? '';
    const dates = dateStyles(styles, /<workbookPr\b[^>]*\bdate1904="(1|true)"/.test(workbook));
    const stringsEntry = entries.get('xl/sharedStrings.xml');

    // The preview's shared strings: only as many as its rows need, inflated as far as they go.
    let firstStrings = new LazyStrings(Buffer.alloc(0));
    let firstStringsComplete = !stringsEntry;
    const previewStrings = (needed: number): LazyStrings | null => {
      if (firstStrings.size > needed || firstStringsComplete) return firstStrings;
      const xml = text('xl/sharedStrings.xml', (soFar) => countClosed(soFar, '</si>') > needed);
      if (xml === null) return null;
      firstStrings = new LazyStrings(Buffer.from(xml.text, 'utf8'));
      firstStringsComplete = xml.complete;
      return firstStrings;
    };
    const partOf = (sheet: string) => sheets.find((s) => s.name === sheet)?.part;
    // The start of each sheet's XML, inflated once for its first rows, its estimate and the stream's check.
    const heads = new Map<string, Inflated | null>();
    const head = (part: string, rows: number): Inflated | null => {
      const known = heads.get(part);
      if (known === null || (known && (known.complete || countClosed(known.text, '</row>') >= rows))) return known;
      const xml = text(part, (soFar) => countClosed(soFar, '</row>') >= rows);
      heads.set(part, xml);
      return xml;
    };
    return {
      sheets: offered.map((s) => s.name),
      rows: (sheet, count) => {
        const part = partOf(sheet);
        if (!part) return null;
        const xml = head(part, count);
        if (xml === null || !plainSheet(xml.text)) return null;
        const scanner = new RowScanner(
          {
            get: (index) => previewStrings(index)?.get(index) ?? null,
            filled: () => true,
          },
          dates,
          null,
        );
        const rows: string[][] = [];
        scanner.scan(xml.text, 0, (row) => {
          rows.push(row);
          return rows.length < count;
        });
        if (scanner.failed) return null;
        return rows.slice(0, count);
      },
      estimatedRows: (sheet) => {
        const part = partOf(sheet);
        const entry = part ? entries.get(part) : undefined;
        const xml = part ? head(part, 1) : null;
        if (!entry || !xml) return null;
        const rows = countClosed(xml.text, '</row>');
        if (xml.complete) return rows;
        const end = xml.text.lastIndexOf('</row>') + 6;
        return rows === 0 ? null : Math.min(MAX_SHEET_ROWS, Math.round((entry.originalSize * rows) / end));
      },
      stream: (sheet, columns) => {
        const part = partOf(sheet);
        const entry = part ? entries.get(part) : undefined;
        const compressed = entry ? entryBytes(data, entry) : null;
        if (!entry || !compressed || (entry.method !== 0 && entry.method !== 8)) return null;
        // Namespace prefixes (`<x:row>`, as some generators write) are left to SheetJS.
        const start = head(entry.name, 1);
        if (start === null || !plainSheet(start.text)) return null;
        // All shared strings, before the first row: a cell anywhere may name any of them.
        let strings = new LazyStrings(Buffer.alloc(0));
        if (stringsEntry) {
          const xml = wholeEntry(data, stringsEntry, file, format);
          if (xml === null) return null;
          strings = new LazyStrings(xml);
        }
        return streamRows(file, format, sheet, entry, compressed, new RowScanner(strings, dates, columns ?? null));
      },
    };
  } catch (error) {
    if (error instanceof TxpError) throw error;
    return null;
  }
}

/** A relationship's target as a part name in the ZIP. */
function partName(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** Whether a sheet's XML is what the scanner reads: elements without namespace prefixes. */
function plainSheet(xml: string): boolean {
  const data = xml.indexOf('<sheetData');
  return data !== -1 && xml.lastIndexOf('<worksheet', data) !== -1;
}

async function* streamRows(file: string, format: 'xlsx' | 'xlsm', sheet: string, entry: ZipEntry, compressed: Buffer, scanner: RowScanner): AsyncGenerator<string[][]> {
  const unreadable = () => new TxpError('INPUT', unreadableWorkbook(file, format));
  let batch: string[][] = [];
  /** Rows without a value seen since the last row with one: kept only when one follows (SheetJS drops trailing ones). */
  let blank = 0;
  /** Rows given, up to the last with a value. */
  let given = 0;
  const take = (row: string[]): boolean => {
    if (row.length === 0) {
      blank++;
      return true;
    }
    given += blank + 1;
    if (given > MAX_SHEET_ROWS) throw new TxpError('INPUT', `${file}, sheet "${sheet}": more than ${MAX_SHEET_ROWS.toLocaleString('en-US')} rows, Excel's own limit.`);
    for (; blank > 0; blank--) batch.push([]);
    batch.push(row);
    return true;
  };
  /** The bytes after the last </row> so far: the start of a row that goes on in the next chunk. */
  let carry: Buffer = Buffer.alloc(0);
  let inflated = 0;
  /** Scans bytes that end on a row's end (or the part's), as one flat string. */
  const scan = (bytes: Buffer): void => {
    const text = sheetText(bytes);
    const rest = scanner.scan(text, 0, take);
    // Text ends on a </row>, so a row left unfinished is one that is broken.
    if (scanner.failed || /<row[\s>/]/.test(text.slice(rest))) throw unreadable();
  };
  const chunks = entry.method === 0 ? storedChunks(compressed) : inflateStream(compressed);
  try {
    for await (const chunk of chunks) {
      inflated += chunk.length;
      if (inflated > entry.originalSize) throw new TxpError('INPUT', unpacksBeyondDirectory(file, entry.name, entry.originalSize));
      // Scanned in pieces that end just after a </row>: whole rows, never cut inside a UTF-8
      // character. The row begun in the last chunk is finished first, and the rest of the
      // chunk is scanned where it lies, without a copy.
      const first = chunk.indexOf(ROW_END);
      if (first === -1) {
        carry = Buffer.concat([carry, chunk]);
        continue;
      }
      const last = chunk.lastIndexOf(ROW_END) + ROW_END.length;
      scan(Buffer.concat([carry, chunk.subarray(0, first + ROW_END.length)]));
      if (last > first + ROW_END.length) scan(chunk.subarray(first + ROW_END.length, last));
      carry = Buffer.from(chunk.subarray(last));
      if (batch.length >= BATCH_ROWS) {
        yield batch;
        batch = [];
      }
    }
    const last = carry;
    carry = Buffer.alloc(0);
    if (last.length > 0) scan(last);
  } catch (error) {
    throw error instanceof TxpError ? error : unreadable();
  }
  if (batch.length > 0) yield batch;
}

const ROW_END = Buffer.from('</row>');

/** UTF-8 that is not ASCII: TextDecoder measured several times faster here than Buffer's toString. */
const utf8 = new TextDecoder();

/** Bytes of sheet XML as text: most sheets keep their text in the shared strings and are ASCII, read as such at memory speed. */
function sheetText(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : utf8.decode(bytes);
}

/**
 * The sheet's XML in pieces of 64 KB: the text of each is an ordinary young object. Pieces of
 * 256 KB and more were large objects, each its own mapping of fresh memory, and allocating them
 * was measured at about an eighth of a 200,000-row convert.
 */
const PIECE_BYTES = 1 << 16;

/** A stored part in pieces, as inflating gives them. */
async function* storedChunks(bytes: Buffer): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += PIECE_BYTES) yield bytes.subarray(at, at + PIECE_BYTES);
}

async function* inflateStream(compressed: Buffer): AsyncGenerator<Buffer> {
  const inflate = createInflateRaw({ chunkSize: PIECE_BYTES });
  inflate.end(compressed);
  try {
    for await (const chunk of inflate) yield chunk as Buffer;
  } finally {
    inflate.destroy();
  }
}

/** An entry inflated whole, refusing more than the directory declares; null when it is not deflated or stored. */
function wholeEntry(data: Buffer, entry: ZipEntry, file: string, format: 'xlsx' | 'xlsm'): Buffer | null {
  const bytes = entryBytes(data, entry);
  if (!bytes) return null;
  if (entry.method === 0) return bytes;
  if (entry.method !== 8) return null;
  let inflated: Buffer;
  try {
    inflated = inflateRawSync(bytes, { maxOutputLength: Math.max(1, entry.originalSize) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new TxpError('INPUT', unpacksBeyondDirectory(file, entry.name, entry.originalSize));
    throw new TxpError('INPUT', unreadableWorkbook(file, format));
  }
  return inflated;
}

/** The most XML the preview inflates from one part; past it, the full read takes over. */
const MAX_PREVIEW_BYTES = 256 * 1024 * 1024;

interface Inflated {
  text: string;
  /** False when inflating stopped early because `until` had enough. */
  complete: boolean;
}

/** Inflates an entry as text, in slices, until `until` says there is enough. Stored entries are sliced directly. */
function inflateEntry(data: Buffer, entry: ZipEntry, until?: (soFar: string) => boolean): Inflated | null {
  const compressed = entryBytes(data, entry);
  if (!compressed) return null;
  if (entry.method !== 0 && entry.method !== 8) return null;
  const decoder = new TextDecoder();
  const SLICE = 64 * 1024;
  let text = '';
  if (entry.method === 0) {
    for (let position = 0; position < compressed.length; position += SLICE) {
      text += decoder.decode(compressed.subarray(position, position + SLICE), { stream: position + SLICE < compressed.length });
      if (position + SLICE < compressed.length && until?.(text)) return { text, complete: false };
    }
    return { text, complete: true };
  }
  let bytes = 0;
  let done = false;
  const inflate = new Inflate((chunk, final) => {
    bytes += chunk.length;
    text += decoder.decode(chunk, { stream: !final });
    if (final) done = true;
  });
  // Never more than the directory declares (a lying one is refused by the full read), nor more than a preview needs.
  const limit = Math.min(entry.originalSize, MAX_PREVIEW_BYTES);
  try {
    for (let position = 0; position < compressed.length && !done; position += SLICE) {
      const end = Math.min(position + SLICE, compressed.length);
      inflate.push(compressed.subarray(position, end), end === compressed.length);
      if (bytes > limit) return null;
      if (!done && until?.(text)) return { text, complete: false };
    }
  } catch {
    return null; // damaged: the full read says so in its words
  }
  return { text, complete: true };
}

function countClosed(text: string, tag: string): number {
  let count = 0;
  for (let at = text.indexOf(tag); at !== -1; at = text.indexOf(tag, at + tag.length)) count++;
  return count;
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name.replace(':', '\\:')}="([^"]*)"`).exec(tag);
  return match ? (match[1] ?? '') : null;
}

/** Where a cell's shared string comes from. */
interface StringTable {
  /** The string, or null when the table has none at that index. */
  get(index: number): string | null;
  /** Whether the string at an index the table has is not empty (told without reading it where it can be). */
  filled(index: number): boolean;
}

const T_PRESERVE = Buffer.from('<t xml:space="preserve">');

/**
 * The shared strings of a streamed sheet: where each <si> lies in the inflated bytes is found
 * once, and each string is read when a cell first asks for it. A convert reads the phone and
 * tag columns only, and the e-mails and names it does not need are never decoded.
 */
class LazyStrings implements StringTable {
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private count = 0;
  private readonly cache: (string | undefined)[] = [];

  constructor(private readonly xml: Buffer) {
    const x = xml;
    let start = -1;
    for (let i = 0; i < x.length; i++) {
      if (x[i] !== 60) continue;
      if (x[i + 1] === 115 && x[i + 2] === 105 && x[i + 3] === 62) {
        start = i + 4; // <si>
        i += 3;
      } else if (x[i + 1] === 47 && x[i + 2] === 115 && x[i + 3] === 105 && x[i + 4] === 62 && start !== -1) {
        this.push(start, i); // </si>
        start = -1;
        i += 4;
      }
    }
  }

  private push(start: number, end: number): void {
    if (this.count === this.starts.length) {
      const starts = new Int32Array(this.count * 2);
      starts.set(this.starts);
      this.starts = starts;
      const ends = new Int32Array(this.count * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }

  /** How many strings the table has. */
  get size(): number {
    return this.count;
  }

  get(index: number): string | null {
    if (!(index >= 0 && index < this.count)) return null;
    const cached = this.cache[index];
    if (cached !== undefined) return cached;
    const text = this.read(this.starts[index] as number, this.ends[index] as number);
    this.cache[index] = text;
    return text;
  }

  filled(index: number): boolean {
    const from = this.starts[index] as number;
    const to = this.ends[index] as number;
    const body = this.plainRun(from, to);
    return body !== -1 ? body < to - 4 : this.get(index) !== '';
  }

  /** Where the text of a body that is one plain run (`<t>…</t>`) starts, or -1. */
  private plainRun(from: number, to: number): number {
    const x = this.xml;
    if (to - from < 7 || x[to - 4] !== 60 || x[to - 3] !== 47 || x[to - 2] !== 116 || x[to - 1] !== 62) return -1;
    if (x[from] === 60 && x[from + 1] === 116 && x[from + 2] === 62) return from + 3;
    return to - from >= 28 && x.compare(T_PRESERVE, 0, T_PRESERVE.length, from, from + T_PRESERVE.length) === 0 ? from + T_PRESERVE.length : -1;
  }

  /** The text of the <si> body xml[from, to): a plain run as its bytes stand, anything else as rich text. */
  private read(from: number, to: number): string {
    const x = this.xml;
    const text = this.plainRun(from, to);
    if (text !== -1) {
      let ascii = true;
      let plain = true;
      for (let i = text; i < to - 4; i++) {
        const byte = x[i] as number;
        if (byte === 60 || byte === 38 || byte === 95 || byte === 13) {
          plain = false; // an entity, an _xHHHH_ escape or a CR: decoded below
          break;
        }
        if (byte >= 128) ascii = false;
      }
      if (plain) return x.toString(ascii ? 'latin1' : 'utf8', text, to - 4);
    }
    return richText(x.toString('utf8', from, to));
  }
}

/** The text of an <si> or <is>: all its <t> runs, without phonetic guides. */
function richText(xml: string): string {
  const withoutPhonetics = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let out = '';
  for (const match of withoutPhonetics.matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>|<t\b[^>]*\/>/g)) out += decodeXml(match[1] ?? '');
  return decodeXstring(out, false);
}

/**
 * Cell text as OOXML stores it: XML entities, and characters XML cannot hold written as
 * `_xHHHH_` (a carriage return is `_x000D_`; `_x005F_` is an underscore that escapes the next).
 * A CR LF comes back as LF, as SheetJS's full read gives it (its `unescapexml(…, true)`), so
 * that the preview shows the text the file sent holds.
 */
function decodeXstring(text: string, xml = true): string {
  return (xml ? decodeXml(text) : text).replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/\r\n/g, '\n');
}

function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    switch (entity) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
    }
  });
}

/** How numbers of each cell style read: as dates (a date number format) or as numbers. */
interface DateStyles {
  /** Per cellXfs index: whether its number format is a date or time format. */
  isDate: boolean[];
  date1904: boolean;
}

/** The cell styles of styles.xml whose number format is a date or time, by SheetJS's own test (SSF.is_date). */
function dateStyles(styles: string, date1904: boolean): DateStyles {
  const formats = new Map<number, string>(Object.entries(XLSX.SSF.get_table()).map(([id, format]) => [Number(id), String(format)]));
  for (const match of styles.matchAll(/<numFmt\b[^>]*>/g)) {
    const id = attribute(match[0], 'numFmtId');
    const code = attribute(match[0], 'formatCode');
    if (id !== null && code !== null) formats.set(Number(id), decodeXml(code));
  }
  const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
  const isDate = [...cellXfs.matchAll(/<xf\b[^>]*>/g)].map((match) => {
    const format = formats.get(Number(attribute(match[0], 'numFmtId') ?? 0));
    return format !== undefined && XLSX.SSF.is_date(format);
  });
  return { isDate, date1904 };
}

/** Excel's serial day as SheetJS reads it with cellDates (its numdate; 60 is the phantom 1900-02-29 and stays a number). */
function serialText(serial: number, date1904: boolean): string {
  const v = serial + (date1904 ? 1462 : 0);
  if (v >= 60 && v < 61) return numberText(v);
  const epoch = Date.UTC(1899, 11, 30);
  return cellText({ t: 'd', v: new Date((v > 60 ? v : v + 1) * 86_400_000 + epoch) });
}

/** Whether the character code is XML white space. */
function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Whether text[at] ends an element name (`<row ` or `<row>`, not `<rowBreaks>`). */
function endsName(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code === 62 || code === 47 || isSpace(code);
}

/** Cell types (the `t` attribute). */
const enum CellType {
  Number,
  Shared,
  Inline,
  Formula,
  Boolean,
  Error,
  Date,
}

/** The cell type whose name starts at text[at] (after the opening quote). */
function cellTypeAt(text: string, at: number): CellType {
  switch (text.charCodeAt(at)) {
    case 115: // s, str
      return text.charCodeAt(at + 1) === 116 ? CellType.Formula : CellType.Shared;
    case 105: // inlineStr
      return CellType.Inline;
    case 98:
      return CellType.Boolean;
    case 101:
      return CellType.Error;
    case 100:
      return CellType.Date;
    default:
      return CellType.Number;
  }
}

/** The decimal integer at text[at] (up to the first non-digit), or -1 when none is there. */
function integerAt(text: string, at: number): number {
  let value = -1;
  for (let i = at; ; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return value;
    value = value === -1 ? digit : value * 10 + digit;
  }
}

/**
 * Whether text[from, to) is an integer that numberText gives back as it stands: digits only,
 * no leading zero, at most 15 of them (so exact as a double).
 */
function plainInteger(text: string, from: number, to: number): boolean {
  const length = to - from;
  if (length < 1 || length > 15 || (text.charCodeAt(from) === 48 && length > 1)) return false;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return false;
  }
  return true;
}

/** The 0-based column of the cell reference at text[at] (`AB12` → 27). */
function columnAt(text: string, at: number): number {
  let index = 0;
  for (let i = at; ; i++) {
    const code = text.charCodeAt(i);
    if (code < 65 || code > 90) return index - 1;
    index = index * 26 + (code - 64);
  }
}

/**
 * Scans <row> elements of a sheet's XML by hand (indexOf and character codes, no regular
 * expression and no substring per attribute): the rows as SheetJS's full read gives them,
 * numbered by their `r` (missing rows come as empty rows), trailing empty cells trimmed.
 */
class RowScanner {
  /** Rows given so far, empty ones included (the next row's number, 1-based, is rowNumber + 1). */
  rowNumber = 0;
  /** Set when a shared string the sheet names is not there. */
  failed = false;
  private ended = false;

  /** wanted[c] === 1: column c is read (null: every column is). */
  private readonly wanted: Uint8Array | null;
  /** Cells of the current row left unread (UNREAD_CELL): column, and the shared string's index or the number's place in the text. */
  private readonly deferred: number[] = [];

  constructor(
    private readonly strings: StringTable,
    private readonly dates: DateStyles,
    columns: readonly number[] | null,
  ) {
    this.wanted = columns === null ? null : new Uint8Array(Math.max(-1, ...columns) + 1);
    for (const column of columns ?? []) (this.wanted as Uint8Array)[column] = 1;
  }

  /**
   * Gives each complete row of text from `from` to `take` (which answers false to stop), and
   * returns where the first row not yet complete starts (text.length when none is left).
   */
  scan(text: string, from: number, take: (row: string[]) => boolean): number {
    if (this.ended) return text.length;
    const sheetEnd = text.indexOf('</sheetData>', from);
    const limit = sheetEnd === -1 ? text.length : sheetEnd;
    let at = from;
    for (;;) {
      let start = text.indexOf('<row', at);
      while (start !== -1 && start < limit && !endsName(text, start + 4)) start = text.indexOf('<row', start + 4);
      if (start === -1 || start >= limit) break;
      const tagEnd = text.indexOf('>', start);
      if (tagEnd === -1) return start;
      const selfClosing = text.charCodeAt(tagEnd - 1) === 47;
      // The row's number: its r="…".
      let number = -1;
      for (let i = start + 4; i < tagEnd; i++) {
        if (isSpace(text.charCodeAt(i)) && text.charCodeAt(i + 1) === 114 && text.charCodeAt(i + 2) === 61) {
          number = integerAt(text, i + 4);
          break;
        }
      }
      if (number === -1) number = this.rowNumber + 1;
      let row: string[] | null = [];
      let end = tagEnd + 1;
      if (!selfClosing) {
        row = this.cells(text, tagEnd + 1);
        if (row === null) return start; // the row goes on in the next text
        end = this.cellsEnd;
      }
      if (this.failed) return end;
      let more = true;
      while (this.rowNumber < number - 1 && more) {
        this.rowNumber++;
        more = take([]);
      }
      if (!more) return end;
      this.rowNumber++;
      at = end;
      if (!take(row)) return end;
    }
    if (sheetEnd !== -1) {
      this.ended = true;
      return text.length;
    }
    // Keep from the last tag that may be a row begun in this text.
    const tail = text.lastIndexOf('<', text.length - 1);
    return tail === -1 || tail < at ? text.length : Math.max(at, tail);
  }

  /** Where the row that `cells` read last ends (just past its </row>). */
  private cellsEnd = 0;

  /**
   * The cells of the row whose body starts at text[from], or null when the row does not end in
   * this text. Sets `failed` when a cell names a shared string that is not there.
   */
  private cells(text: string, from: number): string[] | null {
    const row: string[] = [];
    const wanted = this.wanted;
    const deferred = this.deferred;
    deferred.length = 0;
    let filled = 0;
    /** A cell without r="…" is the one after the cell before it (given or empty). */
    let next = 0;
    let at = from;
    for (;;) {
      const open = text.indexOf('<', at);
      if (open === -1) return null;
      if (text.startsWith('</row>', open)) {
        this.cellsEnd = open + 6;
        // A short row comes whole (a summary row, a title), as CsvParser gives it.
        if (filled <= SHORT_ROW_CELLS) for (let d = 0; d < deferred.length; d += 4) row[deferred[d] as number] = this.deferredValue(text, deferred, d);
        return row;
      }
      if (text.charCodeAt(open + 1) !== 99 || !endsName(text, open + 2)) {
        // Not a cell (<extLst> and the like): past its element, or past the tag when it has no end.
        at = open + 1;
        continue;
      }
      const tagEnd = text.indexOf('>', open);
      if (tagEnd === -1) return null;
      let column = next;
      let type = CellType.Number;
      let style = -1;
      for (let i = open + 2; i < tagEnd; i++) {
        if (!isSpace(text.charCodeAt(i)) || text.charCodeAt(i + 2) !== 61) continue;
        const name = text.charCodeAt(i + 1);
        if (name === 114) column = columnAt(text, i + 4);
        else if (name === 116) type = cellTypeAt(text, i + 4);
        else if (name === 115) style = integerAt(text, i + 4);
      }
      next = column + 1;
      if (text.charCodeAt(tagEnd - 1) === 47) {
        at = tagEnd + 1; // <c r="B2"/>: an empty cell
        continue;
      }
      let close: number;
      let valueStart = -1;
      let valueEnd = -1;
      if (text.charCodeAt(tagEnd + 1) === 60 && text.charCodeAt(tagEnd + 2) === 118 && text.charCodeAt(tagEnd + 3) === 62) {
        // <c …><v>…</v></c>, as most cells are: no search for the value or the end of the cell.
        valueStart = tagEnd + 4;
        valueEnd = text.indexOf('<', valueStart);
        if (valueEnd === -1) return null;
        close = text.startsWith('</v></c>', valueEnd) ? valueEnd + 4 : text.indexOf('</c>', valueEnd);
      } else {
        close = text.indexOf('</c>', tagEnd);
        const v = close === -1 ? -1 : text.indexOf('<v', tagEnd);
        const after = v === -1 || v > close ? 47 : text.charCodeAt(v + 2);
        if (after === 62 || isSpace(after)) {
          valueStart = text.indexOf('>', v) + 1;
          valueEnd = text.charCodeAt(valueStart - 2) === 47 ? -1 : text.indexOf('</v>', valueStart); // <v xml:space="preserve"/>
          if (valueEnd > close) valueEnd = -1;
        }
      }
      if (close === -1) return null;
      at = close + 4;
      let value: string;
      if (type === CellType.Inline) {
        const is = text.indexOf('<is>', tagEnd);
        const isEnd = is === -1 || is > close ? -1 : text.indexOf('</is>', is);
        value = isEnd === -1 ? '' : richText(text.slice(is + 4, isEnd));
      } else if (valueEnd === -1) {
        continue; // no value (<v/>, or none)
      } else if (type === CellType.Shared) {
        const index = integerAt(text, valueStart);
        const skip = wanted !== null && wanted[column] !== 1;
        const string = skip ? (this.strings.get(index) === null ? null : this.strings.filled(index) ? UNREAD_CELL : '') : this.strings.get(index);
        if (string === null) {
          this.failed = true;
          this.cellsEnd = text.indexOf('</row>', close) + 6;
          return row;
        }
        value = string;
        if (skip && string !== '') deferred.push(column, index, -1, -1);
      } else if (type === CellType.Number && wanted !== null && wanted[column] !== 1) {
        value = UNREAD_CELL; // a number is never empty
        deferred.push(column, valueStart, valueEnd, style);
      } else if (type === CellType.Number) {
        value = this.numberValue(text, valueStart, valueEnd, style);
      } else if (type === CellType.Formula) value = decodeXstring(text.slice(valueStart, valueEnd));
      else if (type === CellType.Boolean) value = text.charCodeAt(valueStart) === 49 ? 'TRUE' : 'FALSE';
      else if (type === CellType.Date) value = text.slice(valueStart, Math.min(valueEnd, valueStart + 10));
      else value = ''; // an error such as #N/A
      if (value === '') continue;
      filled++;
      while (row.length < column) row.push('');
      row[column] = value;
    }
  }

  /** The value of the cell left unread at deferred[d…d+3]. */
  private deferredValue(text: string, deferred: readonly number[], d: number): string {
    const end = deferred[d + 2] as number;
    if (end === -1) return this.strings.get(deferred[d + 1] as number) ?? '';
    const start = deferred[d + 1] as number;
    return this.numberValue(text, start, end, deferred[d + 3] as number);
  }

  /** A number cell's text: a date when its style's format is one, else its exact digits. */
  private numberValue(text: string, start: number, end: number, style: number): string {
    if (style !== -1 && this.dates.isDate[style]) return serialText(Number(text.slice(start, end)), this.dates.date1904);
    return plainInteger(text, start, end) ? text.slice(start, end) : numberText(Number(text.slice(start, end)));
  }
}
