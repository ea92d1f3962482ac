/**
 * A fast path for the most common shape in North American CRM exports: a ten-digit NANP
 * number, optionally with +1 or 1, written with the usual punctuation ("(212) 555-0125",
 * "212.555.0125", "+1 212-555-0125", "12125550125"), with US as the default country.
 *
 * It gives exactly what libphonenumber-js gives, because it follows the same steps with the
 * same metadata: pick the country among those sharing calling code 1 (leading digits first,
 * else the first whose number type matches: `getCountryByNationalNumber`), then the number
 * type as `getNumberType` decides it. What costs time in the library is the set-up around
 * those steps (a Metadata object and a freshly built RegExp per check); here each pattern
 * is compiled once, into an automaton over digits (digit-pattern.ts). Anything else, and
 * every number this path cannot prove valid, goes to the library itself.
 * test/shared/phone/nanp-fast-path.differential*.test.ts compare the two over more than a
 * million generated inputs.
 */
import { Metadata } from 'libphonenumber-js/max';
import { DigitPattern } from './digit-pattern';

/** The types in the order `getNumberType` tries them after FIXED_LINE (libphonenumber-js 1.13). */
export const NON_FIXED_LINE_PHONE_TYPES = ['MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'] as const;

/**
 * The common shapes: an optional +1 or 1 (and a separator), then ten digits as 3-3-4 with
 * the usual punctuation. Its national significant number is therefore the last ten digits.
 */
const NANP_SHAPE = /^(?:\+?1[ .-]?)?(?:\(\d{3}\)|\d{3})[ .-]?\d{3}[ .-]?\d{4}$/;

interface TypeRule {
  type: string;
  pattern: DigitPattern;
}

interface CountryRule {
  country: string;
  leadingDigits: DigitPattern | null;
  nationalNumber: DigitPattern;
  fixedLine: TypeRule | null;
  /** MOBILE's pattern is '' when it was folded into FIXED_LINE's (e.g. US), or the type is absent. */
  mobileFoldedIntoFixedLine: boolean;
  mobile: TypeRule | null;
  others: TypeRule[];
}

interface MetadataInternals {
  selectNumberingPlan(country: string): void;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
  leadingDigits(): string | undefined;
  nationalNumberPattern(): string;
  type(type: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}

let rules: CountryRule[] | null = null;

function compileRules(): CountryRule[] {
  const metadata = new Metadata() as unknown as MetadataInternals;
  const countries = metadata.getCountryCodesForCallingCode('1') ?? [];
  return countries.map((country) => {
    metadata.selectNumberingPlan(country);
    const rule = (type: string): TypeRule | null => {
      const definition = metadata.type(type);
      if (!definition || !definition.pattern()) return null;
      // The library checks the possible lengths first. Every number here has ten digits, so a
      // type whose lengths leave ten out never matches, and is left out.
      const lengths = definition.possibleLengths();
      if (lengths && !lengths.includes(10)) return null;
      return { type, pattern: new DigitPattern(definition.pattern()) };
    };
    const mobileDefinition = metadata.type('MOBILE');
    const leading = metadata.leadingDigits();
    return {
      country,
      // `nationalNumber.search(leadingDigits) === 0` holds exactly when a match starts at 0.
      leadingDigits: leading ? new DigitPattern(leading) : null,
      nationalNumber: new DigitPattern(metadata.nationalNumberPattern()),
      fixedLine: rule('FIXED_LINE'),
      mobileFoldedIntoFixedLine: !mobileDefinition || mobileDefinition.pattern() === '',
      mobile: rule('MOBILE'),
      others: NON_FIXED_LINE_PHONE_TYPES.map(rule).filter((r): r is TypeRule => r !== null),
    };
  });
}

/** `getNumberType` for one country's rules; undefined when the number is not valid there. */
function numberType(rule: CountryRule, digits: Uint8Array): string | undefined {
  if (!rule.nationalNumber.matches(digits)) return undefined;
  if (rule.fixedLine?.pattern.matches(digits)) {
    if (rule.mobileFoldedIntoFixedLine) return 'FIXED_LINE_OR_MOBILE';
    return rule.mobile?.pattern.matches(digits) ? 'FIXED_LINE_OR_MOBILE' : 'FIXED_LINE';
  }
  for (const other of rule.others) if (other.pattern.matches(digits)) return other.type;
  return undefined;
}

export interface FastNanpResult {
  nationalNumber: string;
  country: string;
  /** libphonenumber-js's type name (FIXED_LINE_OR_MOBILE, TOLL_FREE, …). */
  type: string;
}

/**
 * The number fastNanpMatch accepted last: its ten national digits (values 0–9), its country and
 * type, and its E.164 digits as an integer (1 and the ten digits). Overwritten by the next call:
 * read it at once. (This lets the checker of a million-row file go without an object or a
 * national-number string per number.)
 */
export const lastNanp = {
  digits: new Uint8Array(10),
  country: '',
  type: '',
  value: 0,
  /**
   * Set when fastNanpMatch answered false because the number, in a common shape, is valid in no
   * NANP country (its national number starts with 0 or 1 but not 011, or no country's pattern
   * takes it): libphonenumber-js then finds it invalid too ("INVALID"; its length is a possible
   * one). False when the answer was only "not my shape".
   */
  invalid: false,
};

/**
 * Whether `text` holds a valid NANP number in one of the common shapes; if so, lastNanp
 * describes it. False when the text has another shape or the number is not valid: the caller
 * then asks libphonenumber-js itself.
 */
export function fastNanpMatch(text: string): boolean {
  lastNanp.invalid = false;
  if (!NANP_SHAPE.test(text)) return false;
  // The national number is the last ten digits (a RegExp with groups was measured to cost an
  // array and four strings per number).
  const digits = lastNanp.digits;
  let at = 9;
  for (let i = text.length - 1; at >= 0; i--) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digits[at--] = code - 48;
  }
  if ((digits[0] as number) < 2) {
    // No NANP number starts with 0 or 1, and libphonenumber-js finds such a one invalid
    // ("000-000-0000", "(123) 456-7890"), its length being a possible one: unless it begins with
    // 011, which it reads as the international prefix (then "(011) 234-5678" is too short).
    lastNanp.invalid = !(digits[0] === 0 && digits[1] === 1 && digits[2] === 1);
    return false;
  }
  rules ??= compileRules();
  for (const rule of rules) {
    if (rule.leadingDigits) {
      if (!rule.leadingDigits.matchesStart(digits)) continue;
      return accept(rule, numberType(rule, digits));
    }
    const type = numberType(rule, digits);
    if (type) return accept(rule, type);
  }
  lastNanp.invalid = true;
  return false;
}

function accept(rule: CountryRule, type: string | undefined): boolean {
  if (!type) {
    lastNanp.invalid = true;
    return false;
  }
  const digits = lastNanp.digits;
  let value = 1;
  for (let i = 0; i < 10; i++) value = value * 10 + (digits[i] as number);
  lastNanp.country = rule.country;
  lastNanp.type = type;
  lastNanp.value = value;
  return true;
}

/** The E.164 text of lastNanp's number: +1 and the ten digits. */
export function lastNanpE164(): string {
  const d = lastNanp.digits;
  return String.fromCharCode(
    43,
    49,
    48 + (d[0] as number),
    48 + (d[1] as number),
    48 + (d[2] as number),
    48 + (d[3] as number),
    48 + (d[4] as number),
    48 + (d[5] as number),
    48 + (d[6] as number),
    48 + (d[7] as number),
    48 + (d[8] as number),
    48 + (d[9] as number),
  );
}

/**
 * The valid NANP number in `text`, or null when the text is not in one of the common shapes
 * or the number is not valid: the caller then asks libphonenumber-js itself.
 */
export function fastNanp(text: string): FastNanpResult | null {
  if (!fastNanpMatch(text)) return null;
  return { nationalNumber: lastNanpE164().slice(2), country: lastNanp.country, type: lastNanp.type };
}
