/**
 * Tags follow TextPower's published rules for Preformatted files: letters and digits only
 * (no spaces, symbols or punctuation), at most 75 characters; a tag that begins with a digit
 * is stored but not listed as a group in the service's apps.
 */
export const MAX_TAG_LENGTH = 75;

export interface CleanedTag {
  /** The tag as the service accepts it; empty when nothing usable was left. */
  tag: string;
  /** The cell text, trimmed. */
  original: string;
  changed: boolean;
  truncated: boolean;
  /** Begins with a digit: stored, but not listed as a group in the service's apps. */
  digitLeading: boolean;
}

const cache = new Map<string, CleanedTag>();
const CACHE_LIMIT = 10_000;

/** `Trade Show` → `TradeShow`, `Île-de-France` → `IledeFrance`, `Straße` → `Strasse`. */
export function cleanTag(text: string): CleanedTag {
  // Tags repeat across rows ("Gold", "Region 3"): each distinct text is cleaned once.
  let cleaned = cache.get(text);
  if (cleaned === undefined) {
    cleaned = cleanTagUncached(text);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, cleaned);
  }
  return cleaned;
}

function cleanTagUncached(text: string): CleanedTag {
  const original = text.trim();
  const folded = foldToAscii(original).replace(/[^A-Za-z0-9]/g, '');
  const truncated = folded.length > MAX_TAG_LENGTH;
  const tag = truncated ? folded.slice(0, MAX_TAG_LENGTH) : folded;
  return { tag, original, changed: tag !== original, truncated, digitLeading: /^[0-9]/.test(tag) };
}

/** Letters that decomposition alone does not turn into ASCII. */
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  ẞ: 'SS',
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
  Ø: 'O',
  ø: 'o',
  Đ: 'D',
  đ: 'd',
  Ð: 'D',
  ð: 'd',
  Þ: 'Th',
  þ: 'th',
  Ł: 'L',
  ł: 'l',
  ı: 'i',
  Ħ: 'H',
  ħ: 'h',
  Ŋ: 'N',
  ŋ: 'n',
};

export function foldToAscii(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßẞÆæŒœØøĐđÐðÞþŁłıĦħŊŋ]/g, (letter) => SPECIAL_LETTERS[letter] ?? '');
}
