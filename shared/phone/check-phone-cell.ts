/**
 * Checks the phone numbers in one cell, locally, before anything leaves the machine
 * (DESIGN.md §1 step 4): cleans invisible characters and `tel:` prefixes, splits cells that
 * hold several numbers, repairs spreadsheet damage only where it can be done exactly, and
 * normalizes with libphonenumber-js (max metadata, for line-type hints) to E.164.
 */
import { findNumbers, parsePhoneNumberWithError, ParseError, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js/max';
import { getCountryCallingCode, isSupportedCountry } from 'libphonenumber-js/max';
import { fastNanp, lastNanp, type FastNanpResult } from './nanp-fast-path';
import { fastPlanNumber } from './plan-fast-path';

export const INVALID_REASONS = ['NOT_A_NUMBER', 'TOO_SHORT', 'TOO_LONG', 'INVALID_COUNTRY', 'INVALID', 'DAMAGED'] as const;
export type InvalidReason = (typeof INVALID_REASONS)[number];

export const LINE_TYPE_HINTS = ['mobile', 'fixed_line', 'fixed_line_or_mobile', 'voip', 'toll_free', 'other', 'unknown'] as const;
export type LineTypeHint = (typeof LINE_TYPE_HINTS)[number];

/** One number found in a cell, valid or not. */
export interface PhoneCheck {
  /** The text of this number as found (after invisible characters were removed). */
  input: string;
  valid: boolean;
  reason: InvalidReason | null;
  /** +12125550125; null when invalid. */
  e164: string | null;
  /**
   * National digits, trunk prefix included where the country dials one (07911123456); null
   * when invalid, or when not asked for (formatting it costs as much as parsing).
   */
  national: string | null;
  country: string | null;
  lineType: LineTypeHint;
  /** An extension that was removed from the number ("ext. 12"), or null. */
  extension: string | null;
  /** Written with a leading minus: the service removes this number from the keyword's list. */
  removal: boolean;
  /** How spreadsheet damage was repaired exactly, if it was. */
  repaired: 'FLOAT_ARTIFACT' | 'SCIENTIFIC_NOTATION' | null;
  /**
   * The number it would be with a `+` in front (+491711234567), when the cell has none, its
   * digits begin with the default country's calling code and read that way they are a valid
   * number too: a CRM or a spreadsheet may have dropped the `+`. Null otherwise.
   */
  lostPlus: string | null;
}

// Every format character (zero-width, bidi marks and isolates, word joiners, the BOM, soft
// hyphens, U+061C…) is invisible; every space separator (no-break, thin, en, hair, math,
// ideographic…) is a space.
const INVISIBLE = /\p{Cf}/gu;
const SPACES = /[\p{Zs}\t]/gu;
/** Digits of other scripts (full-width ２, Arabic-Indic ٩, Devanagari ९…), read as 0–9 as libphonenumber-js does. */
const OTHER_DIGITS = /(?![0-9])\p{Nd}/gu;
/** Full-width and other compatibility forms of + ( ) - . / (NFKC maps them to ASCII). */
const COMPATIBILITY_PUNCTUATION = /[\uFF01-\uFF5E\uFE50-\uFE6B]/g;
/** Cells that mean "no number" rather than a wrong one. */
const PLACEHOLDERS = new Set(['', '-', '--', 'n/a', 'na', 'none', 'null', 'nil', 'unknown', 'tbd', '?', '.', 'x']);
/** Between two numbers in one cell: / ; , | a line break, "or", "and", "&", a spaced dash, two spaces. */
const SEPARATORS = /\s*(?:[/;,\n\r|]|\s+(?:or|and|&|-|–|—)\s+|\s&\s*|\s{2,})\s*/i;
/** A part that begins with an extension word belongs to the number before it ("…, ext 7246433"). */
const EXTENSION_PART = /^(?:ext\.?|extension|x|#)\s*\d/i;
const SCIENTIFIC = /^\+?(\d)(?:[.,](\d+))?[eE]\+?(\d{1,3})$/;
const FLOAT_ARTIFACT = /^(\+?\d+)\.0+$/;
const LETTER = /\p{L}/u;
const EXTENSION_SUFFIX = /\s*(?:ext\.?|extension|x)\s*\d+\s*$/i;
/** Digits from 2 to 9 first, with single spaces or dashes between them (no dot: "2125550125.0" is a repaired float). */
const PLAIN_DIGITS = /^[2-9](?:[ -]?\d)*$/;
/** A local number of seven digits (555-1234, 555.1234, 555 1234, 5551234), not from 011 or 310. */
const SEVEN_DIGITS = /^(?!011|310)\d{3}[ .-]?\d{4}$/;
/** A number and an extension of at most six digits (the most libphonenumber-js takes after any label). */
const FAST_EXTENSION = /^(.*\d)\s*(?:ext\.?|extension|x)\s*(\d{1,6})$/i;
/** A vanity number: digits, then three or more letters right after them ("1-800-FLOWERS"). */
const VANITY = /^\+?[\d().\s-]*\d[\s-]?[A-Za-z]{3,}[A-Za-z\d]*$/;
const KEYPAD: Record<string, string> = Object.fromEntries(['ABC', 'DEF', 'GHI', 'JKL', 'MNO', 'PQRS', 'TUV', 'WXYZ'].flatMap((letters, i) => [...letters].map((letter) => [letter, String(i + 2)])));

/** A vanity number's letters as the phone keypad's digits, as Google's libphonenumber reads them (1-800-FLOWERS is +18003569377). */
function vanityDigits(text: string): string {
  return text.replace(/[A-Za-z]/g, (letter) => KEYPAD[letter.toUpperCase()] ?? letter);
}

/** Longer cells are no phone number (ten numbers with labels fit in far less). */
const MAX_CELL_LENGTH = 400;

/** A part of a cell must have this many digits to count as a full number of its own. */
const MIN_DIGITS_FOR_SPLIT = 7;

/** Anything beyond printable ASCII: only then are the invisible-character rules needed. */
const NOT_PLAIN_ASCII = /[^\x20-\x7e]/;

export function cleanCellText(text: string): string {
  if (!NOT_PLAIN_ASCII.test(text)) return text.trim();
  return text
    .replace(INVISIBLE, '')
    .replace(SPACES, ' ')
    .replace(OTHER_DIGITS, asciiDigit)
    .replace(COMPATIBILITY_PUNCTUATION, (c) => c.normalize('NFKC'))
    .trim();
}

/** A decimal digit of any script as 0–9: Unicode puts each script's digits in runs of ten, 0 first. */
function asciiDigit(digit: string): string {
  let code = digit.codePointAt(0) as number;
  let steps = 0;
  while (/\p{Nd}/u.test(String.fromCodePoint(code - 1))) {
    code--;
    steps++;
  }
  return String(steps % 10);
}

/** The numbers in a cell; an empty cell, or one like "n/a", has none. */
export interface CheckOptions {
  /** Compute national digits too (costly in the library; on by default). */
  national?: boolean;
  /**
   * Use the fast paths where they apply (on by default; the differential tests turn them off):
   * NANP numbers with US as the default country, and, when national digits are not asked for,
   * a plain number of any country (plan-fast-path.ts).
   */
  fastPath?: boolean;
}

export function checkPhoneCell(cell: string, defaultCountry: CountryCode, options: CheckOptions = {}): PhoneCheck[] {
  // A cell far longer than any few numbers (a note, a 1 MB string in every cell) is not parsed: the work per cell is bounded.
  if (cell.length > MAX_CELL_LENGTH) return [invalid(`${cell.slice(0, 40)}…`, 'NOT_A_NUMBER')];
  const text = cleanCellText(cell);
  const wantNational = options.national ?? true;
  const fastPath = (options.fastPath ?? true) && defaultCountry === 'US';
  const planPath = (options.fastPath ?? true) && !wantNational;
  // The common case first: one NANP number in a usual shape (no separators, no minus, no damage).
  const fast = fastPath ? fastNanp(text) : null;
  if (fast) return [fastResult(text, fast, wantNational, false, null)];
  if (fastPath) {
    // A usual shape that is valid nowhere in the plan, as the library finds too.
    if (lastNanp.invalid) return [invalid(text, 'INVALID')];
    // A usual shape with a short extension ("212-555-0125 x12"): the library reads the same.
    const extension = FAST_EXTENSION.exec(text);
    const base = extension ? fastNanp(extension[1] as string) : null;
    if (base) return [{ ...fastResult(text, base, wantNational, false, null), extension: extension?.[2] ?? null }];
    // Digits from 2 to 9 first, no +, single spaces or dashes: nothing is stripped (no trunk
    // prefix 1, no 011), so 8 or 9 digits are too short for the plan and 11 to 17 too long.
    // Seven digits, as a local number is written ("555-1234"): too short for the plan whatever
    // they are, unless they begin with 011, which libphonenumber-js reads as the international
    // prefix ("011-2816": a calling code it does not know), or with 310: Canada's seven-digit
    // 310-XXXX numbers are valid in its metadata. The prefix differential test holds this list.
    if (SEVEN_DIGITS.test(text)) return [invalid(text, 'TOO_SHORT')];
    if (PLAIN_DIGITS.test(text)) {
      const count = digitCount(text);
      if (count === 8 || count === 9) return [invalid(text, 'TOO_SHORT')];
      if (count >= 11 && count <= 17) return [invalid(text, 'TOO_LONG')];
    }
  }
  if (PLACEHOLDERS.has(text.toLowerCase())) return [];
  const parts = splitNumbers(text);
  return parts.map((part) => checkOneNumber(part, defaultCountry, wantNational, fastPath, planPath));
}

function digitCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) count++;
  }
  return count;
}

/** Splits "212-555-0125 / 212-555-0199" into two numbers, but keeps "030/1234567" whole. */
function splitNumbers(text: string): string[] {
  if (!SEPARATORS.test(text)) return [text];
  const parts: string[] = [];
  for (const part of text.split(SEPARATORS)) {
    if (part.length === 0) continue;
    if (parts.length > 0 && EXTENSION_PART.test(part)) parts[parts.length - 1] += ` ${part}`;
    else parts.push(part);
  }
  if (parts.length > 1 && parts.every((part) => digitCount(part) >= MIN_DIGITS_FOR_SPLIT)) return parts;
  return parts.length === 1 ? parts : [text];
}

function invalid(input: string, reason: InvalidReason, removal = false): PhoneCheck {
  return { input, valid: false, reason, e164: null, national: null, country: null, lineType: 'unknown', extension: null, removal, repaired: null, lostPlus: null };
}

function checkOneNumber(input: string, defaultCountry: CountryCode, wantNational: boolean, fastPath: boolean, planPath: boolean): PhoneCheck {
  let text = input.replace(/^tel:/i, '').replace(/;ext=/i, ' ext. ');
  // libphonenumber-js reads ";phone-context=" with a global RegExp, so its verdict changes from
  // call to call. A global number (+…) needs no context (RFC 3966); a local one with a context is
  // refused, the same every time.
  if (/;phone-context=/i.test(text)) {
    if (!/^\s*\+/.test(text)) return invalid(input, 'NOT_A_NUMBER');
    text = text.replace(/;phone-context=[^;]*/gi, '');
  }
  let removal = false;
  if (/^-\s*[+(\d]/.test(text)) {
    removal = true;
    text = text.replace(/^-\s*/, '');
  }
  let repaired: PhoneCheck['repaired'] = null;
  const float = FLOAT_ARTIFACT.exec(text);
  if (float?.[1]) {
    text = float[1];
    repaired = 'FLOAT_ARTIFACT';
  }
  const scientific = SCIENTIFIC.exec(text);
  if (scientific) {
    const exact = exactFromScientific(scientific[1] ?? '', scientific[2] ?? '', Number(scientific[3]));
    if (exact === null) return invalid(input, 'DAMAGED', removal);
    text = exact;
    repaired = 'SCIENTIFIC_NOTATION';
  }
  if (digitCount(text) === 0) return invalid(input, 'NOT_A_NUMBER', removal);
  if (VANITY.test(text)) text = vanityDigits(text);
  if (LETTER.test(text.replace(EXTENSION_SUFFIX, ''))) {
    // A labelled cell ("Tel. 541-431-3922", "2196600809 - home"): the number inside counts only
    // where libphonenumber-js's finder, which knows dates and times, confirms it (its parse alone
    // would take "Call me on 06/21/84" for an Italian number).
    const found = findNumbers(text, { defaultCountry, v2: true })[0];
    if (!found) return invalid(input, 'NOT_A_NUMBER', removal);
    text = found.number.number + (found.number.ext ? ` ext. ${found.number.ext}` : '');
  }

  const fast = fastPath ? fastNanp(text) : null;
  if (fast) return fastResult(input, fast, wantNational, removal, repaired);
  if (fastPath && lastNanp.invalid) return invalid(input, 'INVALID', removal);
  // A plain number of any country that the library's own steps find valid (no national digits
  // wanted; no lost +: a number that begins with the calling code without one is left to the library).
  const plan = planPath ? fastPlanNumber(text, defaultCountry) : null;
  if (plan) {
    const { e164, country, type } = plan;
    return { input, valid: true, reason: null, e164, national: null, country, lineType: lineTypeHint(type), extension: null, removal, repaired, lostPlus: null };
  }

  let parsed;
  try {
    parsed = parsePhoneNumberWithError(text, defaultCountry);
  } catch (error) {
    if (error instanceof ParseError) return invalid(input, parseErrorReason(error.message), removal);
    throw error;
  }
  if (!parsed.isValid()) {
    const length = validatePhoneNumberLength(text, defaultCountry);
    const reason: InvalidReason = length === 'TOO_SHORT' || length === 'TOO_LONG' || length === 'INVALID_COUNTRY' ? length : 'INVALID';
    return { ...invalid(input, reason, removal), extension: parsed.ext ?? null };
  }
  return {
    input,
    valid: true,
    reason: null,
    e164: parsed.number,
    // National digits without the extension (formatNational appends " ext. 12").
    national: wantNational ? parsed.format('NATIONAL', { formatExtension: (number) => number }).replace(/\D/g, '') : null,
    country: parsed.country ?? null,
    lineType: lineTypeHint(parsed.getType()),
    extension: parsed.ext ?? null,
    removal,
    repaired,
    lostPlus: parsed.ext ? null : lostPlus(text, parsed.number, defaultCountry),
  };
}

/**
 * `491711234567` with default DE is a valid fixed line, +49 491711234567, and also, with the
 * `+` a CRM may have dropped, the mobile +49 1711234567. Both are possible; the cell is
 * flagged, never changed. (Where the national plan cannot start with its own calling code,
 * libphonenumber-js already strips it: `447911123456` with GB is +447911123456.)
 */
function lostPlus(text: string, e164: string, defaultCountry: CountryCode): string | null {
  if (text.includes('+')) return null;
  const code = getCountryCallingCode(defaultCountry);
  if (code === '1') return null; // NANP: a leading 1 is the trunk prefix, read the same either way
  const digits = text.replace(/\D/g, '');
  if (!digits.startsWith(code) || `+${digits}` === e164) return null;
  try {
    const withPlus = parsePhoneNumberWithError(`+${digits}`);
    return withPlus.isValid() && withPlus.number !== e164 ? withPlus.number : null;
  } catch {
    return null;
  }
}

function fastResult(input: string, fast: FastNanpResult, wantNational: boolean, removal: boolean, repaired: PhoneCheck['repaired']): PhoneCheck {
  return {
    input,
    valid: true,
    reason: null,
    e164: `+1${fast.nationalNumber}`,
    national: wantNational ? fast.nationalNumber : null,
    country: fast.country,
    lineType: lineTypeHint(fast.type),
    extension: null,
    removal,
    repaired,
    lostPlus: null,
  };
}

/**
 * "2.125550125E+09" still carries every digit and is repaired to 2125550125; "2.12555E+09"
 * lost digits to the display format and can only be reported as DAMAGED, never guessed.
 */
function exactFromScientific(lead: string, fraction: string, exponent: number): string | null {
  const digits = lead + fraction;
  if (digits.length !== exponent + 1) return null;
  return digits;
}

function parseErrorReason(message: string): InvalidReason {
  switch (message) {
    case 'INVALID_COUNTRY':
    case 'NOT_A_NUMBER':
    case 'TOO_SHORT':
    case 'TOO_LONG':
      return message;
    default:
      return 'INVALID';
  }
}

/** libphonenumber-js's type name as this app's line-type hint. */
export function lineTypeHint(type: string | undefined): LineTypeHint {
  switch (type) {
    case 'MOBILE':
      return 'mobile';
    case 'FIXED_LINE':
      return 'fixed_line';
    case 'FIXED_LINE_OR_MOBILE':
      return 'fixed_line_or_mobile';
    case 'VOIP':
      return 'voip';
    case 'TOLL_FREE':
      return 'toll_free';
    case undefined:
      return 'unknown';
    default:
      return 'other';
  }
}

/** A two-letter country code libphonenumber-js knows ("US", "GB"), upper-cased; null otherwise. */
export function toCountryCode(text: string): CountryCode | null {
  const upper = text.trim().toUpperCase();
  return isSupportedCountry(upper) ? (upper as CountryCode) : null;
}
