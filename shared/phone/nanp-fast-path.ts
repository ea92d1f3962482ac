/**
 * A fast path for the most common shape in North American CRM exports: a ten-digit NANP
 * number, optionally with +1 or 1, written with the usual punctuation ("(212) 555-0125",
 * "212.555.0125", "+1 212-555-0125", "12125550125"), with US as the default country.
 *
 * It gives exactly what libphonenumber-js gives, because it follows the same steps with the
 * same metadata: pick the country among those sharing calling code 1 (leading digits first,
 * else the first whose number type matches: `getCountryByNationalNumber`), then the number
 * type as `getNumberType` decides it. What costs time in the library is the set-up around
 * those steps (a Metadata object and a freshly built RegExp per check); here the patterns
 * are compiled once. Anything else, and every number this path cannot prove valid, goes to
 * the library itself. test/shared/phone/nanp-fast-path.differential.test.ts compares the two
 * over more than a million generated inputs.
 */
import { Metadata } from 'libphonenumber-js/max';

/** The types in the order `getNumberType` tries them after FIXED_LINE (libphonenumber-js 1.13). */
const NON_FIXED_LINE_PHONE_TYPES = ['MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'] as const;

/**
 * The common shapes: an optional +1 or 1 (and a separator), then ten digits as 3-3-4 with
 * the usual punctuation. Its national significant number is therefore the last ten digits.
 */
const NANP_SHAPE = /^(?:\+?1[ .-]?)?(?:\(\d{3}\)|\d{3})[ .-]?\d{3}[ .-]?\d{4}$/;

interface TypeRule {
  type: string;
  pattern: RegExp;
}

interface CountryRule {
  country: string;
  leadingDigits: RegExp | null;
  nationalNumber: RegExp;
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

function whole(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

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
      return { type, pattern: whole(definition.pattern()) };
    };
    const mobileDefinition = metadata.type('MOBILE');
    const leading = metadata.leadingDigits();
    return {
      country,
      // `nationalNumber.search(leadingDigits) === 0` holds exactly when a match starts at 0.
      leadingDigits: leading ? new RegExp(`^(?:${leading})`) : null,
      nationalNumber: whole(metadata.nationalNumberPattern()),
      fixedLine: rule('FIXED_LINE'),
      mobileFoldedIntoFixedLine: !mobileDefinition || mobileDefinition.pattern() === '',
      mobile: rule('MOBILE'),
      others: NON_FIXED_LINE_PHONE_TYPES.map(rule).filter((r): r is TypeRule => r !== null),
    };
  });
}

/** `getNumberType` for one country's rules; undefined when the number is not valid there. */
function numberType(rule: CountryRule, nationalNumber: string): string | undefined {
  if (!rule.nationalNumber.test(nationalNumber)) return undefined;
  if (rule.fixedLine?.pattern.test(nationalNumber)) {
    if (rule.mobileFoldedIntoFixedLine) return 'FIXED_LINE_OR_MOBILE';
    return rule.mobile?.pattern.test(nationalNumber) ? 'FIXED_LINE_OR_MOBILE' : 'FIXED_LINE';
  }
  for (const other of rule.others) if (other.pattern.test(nationalNumber)) return other.type;
  return undefined;
}

export interface FastNanpResult {
  nationalNumber: string;
  country: string;
  /** libphonenumber-js's type name (FIXED_LINE_OR_MOBILE, TOLL_FREE, …). */
  type: string;
}

/**
 * The country and type of the number fastNanpNational accepted last, and its E.164 digits as
 * an integer (1 and the ten digits), overwritten by the next call: read them at once. (This lets the checker of a million-row file go without an object
 * per number.)
 */
export const lastNanp = { country: '', type: '', value: 0 };

const digitCodes = new Uint16Array(10);

/**
 * The national number (ten digits) of the valid NANP number in `text`, with its country and
 * type in lastNanp; null when the text is not in one of the common shapes or the number is
 * not valid: the caller then asks libphonenumber-js itself.
 */
export function fastNanpNational(text: string): string | null {
  if (!NANP_SHAPE.test(text)) return null;
  // The national number is the last ten digits. Taken without the RegExp's groups, which
  // were measured to cost an array and four strings per number.
  let nationalNumber: string;
  let value = 0;
  if (text.length === 10) {
    nationalNumber = text; // ten digits and nothing else
    for (let i = 0; i < 10; i++) value = value * 10 + text.charCodeAt(i) - 48;
  } else {
    let at = 9;
    for (let i = text.length - 1; at >= 0; i--) {
      const code = text.charCodeAt(i);
      if (code >= 48 && code <= 57) digitCodes[at--] = code;
    }
    const d = digitCodes;
    for (let i = 0; i < 10; i++) value = value * 10 + (d[i] as number) - 48;
    nationalNumber = String.fromCharCode(d[0] as number, d[1] as number, d[2] as number, d[3] as number, d[4] as number, d[5] as number, d[6] as number, d[7] as number, d[8] as number, d[9] as number);
  }
  const first = nationalNumber.charCodeAt(0);
  if (first < 50) return null; // a national number starting with 0 or 1 is left to the library
  rules ??= compileRules();
  for (const rule of rules) {
    if (rule.leadingDigits) {
      if (!rule.leadingDigits.test(nationalNumber)) continue;
      return accept(nationalNumber, value, rule, numberType(rule, nationalNumber));
    }
    const type = numberType(rule, nationalNumber);
    if (type) return accept(nationalNumber, value, rule, type);
  }
  return null;
}

function accept(nationalNumber: string, nationalValue: number, rule: CountryRule, type: string | undefined): string | null {
  if (!type) return null;
  lastNanp.country = rule.country;
  lastNanp.type = type;
  lastNanp.value = 1e10 + nationalValue;
  return nationalNumber;
}

/**
 * The valid NANP number in `text`, or null when the text is not in one of the common shapes
 * or the number is not valid: the caller then asks libphonenumber-js itself.
 */
export function fastNanp(text: string): FastNanpResult | null {
  const nationalNumber = fastNanpNational(text);
  return nationalNumber === null ? null : { nationalNumber, country: lastNanp.country, type: lastNanp.type };
}
