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
  columns: ColumnSuggestion[];
}

const PHONE_WORDS =
  /(phone|mobile|mobil|cell|tel\b|tel[eé]fono|t[eé]l[eé]phone|telefon|telefone|telemovel|m[oó]vil|handy|celular|portable|cellulare|gsm|natel|sms|whatsapp|contact\s*(no|number|#)|^number$|^num[eé]ro$)/i;
const NOT_PHONE_WORDS = /\b(fax|id|zip|postal|post\s*code|plz|account|acct|date|ext|extension|amount|balance|customer\s*no)\b/i;
const TAG_WORDS = /\b(tags?|groups?|segments?|categor(y|ies)|lists?|labels?|regions?|branch|department|type|status|keyword|interests?)\b/i;

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
    const namedPhone = PHONE_WORDS.test(header) && !NOT_PHONE_WORDS.test(header);
    let role: ColumnSuggestion['role'] = 'ignore';
    let reason = 'not needed for the upload';
    if (NOT_PHONE_WORDS.test(header) && /fax/i.test(header)) {
      reason = 'fax numbers cannot receive texts';
    } else if (phoneShare >= 0.6 || (namedPhone && (values.length === 0 || phoneShare >= 0.3))) {
      role = 'phone';
      reason = namedPhone ? `named like a phone column; looks like phone numbers: ${percent}` : `looks like phone numbers: ${percent}`;
    } else if (TAG_WORDS.test(header) && isTagLike(values)) {
      role = 'tag';
      reason = 'named like a group or tag column';
    }
    columns.push({ index, header, role, reason, phoneShare });
  }
  const phone = columns.filter((c) => c.role === 'phone').map((c) => c.index);
  const preformatted = headerless && phone.length === 1 && phone[0] === 0;
  if (preformatted) {
    for (const column of columns.slice(1)) {
      column.role = 'tag';
      column.reason = 'Preformatted: every column after the phone number is a tag';
    }
  }
  return { mode: preformatted ? 'preformatted' : 'alp', phone, tags: columns.filter((c) => c.role === 'tag').map((c) => c.index), columns };
}

/** Short values that are not phone numbers: a group name, not a note or an address. */
function isTagLike(values: readonly string[]): boolean {
  return values.every((value) => value.length <= 75 && !checkPhoneCell(value, 'US').some((c) => c.valid));
}
