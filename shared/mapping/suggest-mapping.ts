/**
 * Suggests which columns hold phone numbers and which hold tags, from header names in common
 * CRM languages and from sampling the contents; several phone columns are normal.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import { checkPhoneCell } from '../phone/check-phone-cell';

/** Preformatted: phone in column 1, every other column a tag. ALP (mapped): any layout, its columns chosen. */
export const LIST_MODES = ['preformatted', 'alp'] as const;
export type ListMode = (typeof LIST_MODES)[number];

export interface ColumnSuggestion {
  /** 0-based column index. */
  index: number;
  header: string;
  role: 'phone' | 'tag' | 'ignore';
  /** Plain-language reason for the UI ("looks like phone numbers: 98% of samples"). */
  reason: string;
  /** Share of non-empty samples that are valid phone numbers (0..1). */
  phoneShare: number;
}

export interface MappingSuggestion {
  mode: ListMode;
  phone: number[];
  tags: number[];
  /** A column that records who said no (opt out, unsubscribed…): its rows' numbers go as removals unless the user says otherwise. */
  removeWhen: { index: number; values: string[]; reason: string } | null;
  /** When most numbers fail under the chosen country but pass under another: that country, and how many pass under each. */
  countryHint: { code: CountryCode; valid: number; total: number; validHere: number } | null;
  columns: ColumnSuggestion[];
}

/**
 * Header words of a column that records a "no" to texts, in the languages CRMs are used in.
 * An opt-in column ("SMS Opt In") is not one: its "yes" means the opposite.
 */
const OPT_OUT_WORDS =
  /(opt(ed)?[\s_-]*out|unsubscri|abbestellt|abgemeldet|abmeldung|d[eé]sabonn|d[eé]sinscri|baja\b|dado de baja|do[\s_-]*not[\s_-]*(text|sms|message|contact|call|email)|\bdnc\b|\bdnd\b|no[\s_-]*(sms|texts?)\b|sms[\s_-]*(opt(ed)?[\s_-]*out|stop|block)|\bstop(ped)?\b|blocked|revoked|widerruf|non[\s_-]*contattare|nicht[\s_-]*kontaktieren)/i;
const OPT_IN_WORDS = /opt(ed)?[\s_-]*in\b|consent|einwilligung/i;
/** Values that mean "yes, this person said no" (compared trimmed, ignoring case, as the checker compares them). */
const YES_VALUES = ['yes', 'y', 'true', '1', 'x', 'ja', 'j', 'oui', 'sí', 'si', 's', 'opted out', 'unsubscribed', 'stop', 'wahr', 'vrai', 'verdadero'];
/** Always offered too: the usual forms, also when the samples hold none yet (nobody opted out so far). */
const DEFAULT_YES = ['Yes', 'Y', 'TRUE', '1', 'X'];

const PHONE_WORDS =
  /(phone|mobile|mobil|cell|tel\b|tel[eé]fono|t[eé]l[eé]phone|telefon|telefone|telemovel|m[oó]vil|handy|celular|portable|cellulare|gsm|natel|sms|whatsapp|contact\s*(no|number|#)|^number$|^num[eé]ro$)/i;
/** Header words of columns that hold numbers other than phones, with what they hold. */
const NOT_PHONE_LABELS: [RegExp, string][] = [
  [/\bfax\b/i, 'fax'],
  [/\b(id|customer\s*no)\b/i, 'an ID'],
  [/\b(zip|postal|post\s*code|plz)\b/i, 'a postcode'],
  [/\b(account|acct)\b/i, 'an account number'],
  [/\bdate\b/i, 'a date'],
  [/\b(ext|extension)\b/i, 'an extension'],
  [/\b(amount|balance)\b/i, 'an amount'],
];

/** What a header says its column holds when that is no phone number ("an ID", "a postcode"), or null. */
function notPhoneLabel(header: string): string | null {
  return NOT_PHONE_LABELS.find(([words]) => words.test(header))?.[1] ?? null;
}
const TAG_WORDS = /\b(tags?|groups?|segments?|categor(y|ies)|lists?|labels?|regions?|branch|department|type|status|keyword|interests?)\b/i;

/** A header that names phone numbers ("Mobile", "Telefon", "Contact No."), not faxes, IDs or opt-outs. */
export function namedLikePhone(header: string): boolean {
  return PHONE_WORDS.test(header) && notPhoneLabel(header) === null && !OPT_OUT_WORDS.test(header);
}

/**
 * Values looked at per column: enough to tell phone numbers from IDs, names and notes. Each is
 * checked with libphonenumber-js, which takes a few hundred microseconds for an ID like
 * "100000", so sixty rows of a wide export cost a tenth of a second before the preview.
 */
const SAMPLES_PER_COLUMN = 30;

export function suggestMapping(headers: readonly string[], samples: readonly (readonly string[])[], country: CountryCode, headerless: boolean): MappingSuggestion {
  const width = Math.max(headers.length, ...samples.map((row) => row.length), 0);
  const columns: ColumnSuggestion[] = [];
  for (let index = 0; index < width; index++) {
    const header = headers[index] ?? '';
    const values = samples
      .map((row) => (row[index] ?? '').trim())
      .filter((value) => value !== '')
      .slice(0, SAMPLES_PER_COLUMN);
    const phoneCount = values.filter((value) => checkPhoneCell(value, country).some((check) => check.valid)).length;
    const phoneShare = values.length === 0 ? 0 : phoneCount / values.length;
    const percent = `${Math.round(phoneShare * 100)}% of ${values.length} samples`;
    const namedPhone = namedLikePhone(header);
    let role: ColumnSuggestion['role'] = 'ignore';
    let reason = 'not needed for the upload';
    const notPhone = namedPhone ? null : notPhoneLabel(header);
    if (notPhone === 'fax') {
      reason = 'fax numbers cannot receive texts';
    } else if (notPhone && phoneShare > 0) {
      // A survey's "Collector ID", a postcode or an amount may well validate under DE or FR.
      reason = `named like ${notPhone}, not phone numbers`;
    } else if (!namedPhone && values.length >= 5 && values.every((value) => value === values[0]) && phoneShare > 0) {
      reason = 'the same number in every row: not a list of people’s numbers';
    } else if (phoneShare >= 0.6 || (namedPhone && (values.length === 0 || phoneShare >= 0.3))) {
      role = 'phone';
      reason = namedPhone ? `named like a phone column; looks like phone numbers: ${percent}` : `looks like phone numbers: ${percent}`;
    } else if (namedPhone && phoneLikeShare(values) >= 0.5) {
      // Named like a phone column and written like numbers, though few are valid here: its bad
      // numbers are reported as invalid (another country's, placeholders), not passed over.
      role = 'phone';
      reason = `named like a phone column, written like phone numbers; only ${percent} are valid numbers of ${country}`;
    } else if (TAG_WORDS.test(header) && !CONTACT_DETAIL_LABEL.test(header) && isTagLike(values)) {
      role = 'tag';
      reason = 'named like a group or tag column';
    }
    columns.push({ index, header, role, reason, phoneShare });
  }
  // A phone-named column empty in the first rows is a phone column only when no column with numbers is.
  const empty = (c: ColumnSuggestion) => samples.every((row) => (row[c.index] ?? '').trim() === '');
  if (columns.some((c) => c.role === 'phone' && !empty(c))) {
    for (const column of columns) {
      if (column.role === 'phone' && empty(column)) {
        column.role = 'ignore';
        column.reason = 'named like a phone column, but empty in the first rows';
      }
    }
  }
  const phone = columns.filter((c) => c.role === 'phone').map((c) => c.index);
  const removeWhen = optOutColumn(headers, samples, columns);
  // TextPower's own layout: the phone in column 1 and short groups in every other column
  // (phone,store,segment), with or without a header; names, e-mails and opt-outs are not groups.
  const preformatted =
    phone.length === 1 &&
    phone[0] === 0 &&
    (headerless ||
      (width > 1 &&
        columns.slice(1).every((c) => {
          const header = headers[c.index] ?? '';
          const values = samples.map((row) => (row[c.index] ?? '').trim()).filter((v) => v !== '');
          return values.length > 0 && !isIdentityHeader(header) && !OPT_OUT_WORDS.test(header) && isTagLike(values.slice(0, SAMPLES_PER_COLUMN));
        })));
  if (preformatted) {
    for (const column of columns.slice(1)) {
      column.role = 'tag';
      column.reason = 'Preformatted: every column after the phone number is a tag';
    }
  }
  if (removeWhen && !preformatted) {
    const column = columns[removeWhen.index] as ColumnSuggestion;
    column.role = 'ignore';
    column.reason = removeWhen.reason;
  }
  return {
    mode: preformatted ? 'preformatted' : 'alp',
    countryHint: countryHint(headers, samples, columns, country),
    phone,
    tags: columns.filter((c) => c.role === 'tag').map((c) => c.index),
    removeWhen: preformatted ? null : removeWhen,
    columns,
  };
}

/** Countries tried when numbers fail under the chosen one, besides those their own +codes name. */
const LIKELY_COUNTRIES: CountryCode[] = ['US', 'CA', 'GB', 'DE', 'FR', 'IT', 'ES', 'NL', 'BE', 'CH', 'AT', 'IE', 'AU', 'NZ', 'IN', 'MX', 'BR', 'ZA'];

/**
 * "Many numbers fail as US numbers but pass as German ones": the phone-like columns' samples
 * checked under the chosen country, and — when fewer than 60 % pass — under the countries
 * their +codes name and the usual ones. The best, if most pass there, is the hint.
 */
function countryHint(headers: readonly string[], samples: readonly (readonly string[])[], columns: readonly ColumnSuggestion[], country: CountryCode): MappingSuggestion['countryHint'] {
  const phoneLike = columns.filter((c) => c.role === 'phone' || namedLikePhone(headers[c.index] ?? ''));
  const values = phoneLike.flatMap((c) =>
    samples
      .map((row) => (row[c.index] ?? '').trim())
      .filter((v) => v !== '')
      .slice(0, SAMPLES_PER_COLUMN),
  );
  if (values.length < 3) return null;
  const validUnder = (code: CountryCode) => values.filter((v) => checkPhoneCell(v, code).some((check) => check.valid)).length;
  // One pass under the chosen country: how many pass, and which countries the +codes name.
  let validHere = 0;
  const named = new Set<CountryCode>(LIKELY_COUNTRIES);
  for (const v of values) {
    const checks = checkPhoneCell(v, country);
    if (checks.some((check) => check.valid)) validHere++;
    const international = checks.find((check) => check.valid && check.country);
    if (international?.country) named.add(international.country as CountryCode);
  }
  if (validHere >= values.length * 0.6) return null;
  let best: MappingSuggestion['countryHint'] = null;
  for (const code of named) {
    if (code === country) continue;
    const valid = validUnder(code);
    if (valid >= values.length * 0.6 && valid > validHere && (!best || valid > best.valid)) best = { code, valid, total: values.length, validHere };
  }
  return best;
}

/** The first column named like an opt-out record, with the "yes" values its rows hold (or the usual ones). */
function optOutColumn(headers: readonly string[], samples: readonly (readonly string[])[], columns: readonly ColumnSuggestion[]): MappingSuggestion['removeWhen'] {
  for (const column of columns) {
    const header = headers[column.index] ?? '';
    if (column.role === 'phone' || !OPT_OUT_WORDS.test(header) || OPT_IN_WORDS.test(header)) continue;
    const seen = new Map<string, string>();
    for (const row of samples) {
      const value = (row[column.index] ?? '').trim();
      if (YES_VALUES.includes(value.toLowerCase()) && !seen.has(value.toLowerCase())) seen.set(value.toLowerCase(), value);
    }
    // What the rows say first, then the usual forms (a later row may write TRUE where the first ones wrote Yes).
    const values = [...seen.values(), ...DEFAULT_YES.filter((v) => !seen.has(v.toLowerCase()))];
    return { index: column.index, values, reason: `records who said no to texts: the numbers of rows where it says ${values.join(', ')} are sent as removals` };
  }
  return null;
}

/** The share of values written like a phone number: 6 to 15 digits, and hardly a letter (an "ext" may follow). */
function phoneLikeShare(values: readonly string[]): number {
  if (values.length === 0) return 0;
  const like = values.filter((value) => {
    const digits = value.replace(/\D/g, '').length;
    const letters = value.replace(/(ext\.?|extension|x)\s*\d+\s*$/i, '').replace(/[^\p{L}]/gu, '').length;
    return digits >= 6 && digits <= 15 && letters === 0;
  }).length;
  return like / values.length;
}

function isIdentityHeader(header: string): boolean {
  const h = header.trim();
  return [FIRST_NAME, LAST_NAME, FULL_NAME, EMAIL, RECORD_ID].some((pattern) => pattern.test(h));
}

/** A contact layout's label of another field ("E-mail 1 - Type", "Address 1 - Region"): not a group. */
const CONTACT_DETAIL_LABEL = /(e-?mail|address|phone|website|im|relation|event|custom field)\s*\d*\s*[-–:]\s*\w+/i;
/** An amount, a count, a percentage or a date: a value, not a group name ($205.15 would become 20515). */
const VALUE_LIKE = /^[\s$€£¥+-]*[\d.,:/ -]+\s*%?$/;

/**
 * Short categorical values that are not phone numbers: a group name, not a note, an amount or
 * an address. A few values repeat (a column where every value differs is no grouping).
 */
function isTagLike(values: readonly string[]): boolean {
  if (values.length === 0) return true;
  if (!values.every((value) => value.length <= 75 && !VALUE_LIKE.test(value) && !value.includes('@') && !checkPhoneCell(value, 'US').some((c) => c.valid))) return false;
  const distinct = new Set(values.map((value) => value.trim().toLowerCase())).size;
  return values.length < 10 || distinct <= values.length * 0.6;
}

const FIRST_NAME = /^(first|given)[\s_-]*name$|^vorname$|^pr[ée]nom$|^nombre$/i;
const LAST_NAME = /^(last|family|sur)[\s_-]*name$|^surname$|^nachname$|^nom[\s_-]*de[\s_-]*famille$|^apellidos?$/i;
const FULL_NAME = /^((full|contact|customer|display|account)[\s_-]*)?name$|^nom$|^kunde$|^contact$/i;
const EMAIL = /e-?mail/i;
const RECORD_ID = /^((crm|record|contact|customer|lead)[\s_-]*)?(id|no\.?|number)$/i;

/**
 * The columns that say whose number it is, to show beside each result (they never leave this
 * machine): first and last name, else a name, else an e-mail, else a record id. At most two.
 */
export function identityColumns(headers: readonly string[]): number[] {
  const find = (pattern: RegExp) => headers.findIndex((h) => pattern.test(h.trim()));
  const first = find(FIRST_NAME);
  const last = find(LAST_NAME);
  if (first >= 0 && last >= 0) return [first, last];
  for (const pattern of [FULL_NAME, FIRST_NAME, LAST_NAME, EMAIL, RECORD_ID]) {
    const index = find(pattern);
    if (index >= 0) return [index];
  }
  return [];
}

/**
 * The identity columns of a plan. A plan made since identity existed always names them; a
 * history entry from before falls back to the columns identityColumns picks.
 */
export function planIdentity(plan: { identity?: readonly { index: number }[] | undefined }, headers: readonly string[]): number[] {
  return plan.identity?.map((c) => c.index) ?? identityColumns(headers);
}

/** Whose number it is, as shown: the identity cells, trimmed, the empty ones dropped, joined with a space. */
export function identityText(cells: readonly string[], identity: readonly number[]): string {
  return identity
    .map((i) => (cells[i] ?? '').trim())
    .filter((text) => text !== '')
    .join(' ');
}
