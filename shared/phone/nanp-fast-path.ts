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

/** The common shapes, with the national significant number in groups 1–3. */
const NANP_SHAPE = /^(?:\+?1[ .-]?)?(?:\((\d{3})\)|(\d{3}))[ .-]?(\d{3})[ .-]?(\d{4})$/;

interface TypeRule {
  type: string;
  pattern: RegExp;
  lengths: number[] | null;
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
      return { type, pattern: whole(definition.pattern()), lengths: definition.possibleLengths() ?? null };
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

function matches(rule: TypeRule | null, nationalNumber: string): boolean {
  if (!rule) return false;
  if (rule.lengths && !rule.lengths.includes(nationalNumber.length)) return false;
  return rule.pattern.test(nationalNumber);
}

/** `getNumberType` for one country's rules; undefined when the number is not valid there. */
function numberType(rule: CountryRule, nationalNumber: string): string | undefined {
  if (!rule.nationalNumber.test(nationalNumber)) return undefined;
  if (matches(rule.fixedLine, nationalNumber)) {
    if (rule.mobileFoldedIntoFixedLine) return 'FIXED_LINE_OR_MOBILE';
    return matches(rule.mobile, nationalNumber) ? 'FIXED_LINE_OR_MOBILE' : 'FIXED_LINE';
  }
  for (const other of rule.others) if (matches(other, nationalNumber)) return other.type;
  return undefined;
}

export interface FastNanpResult {
  nationalNumber: string;
  country: string;
  /** libphonenumber-js's type name (FIXED_LINE_OR_MOBILE, TOLL_FREE, …). */
  type: string;
}

/**
 * The valid NANP number in `text`, or null when the text is not in one of the common shapes
 * or the number is not valid: the caller then asks libphonenumber-js itself.
 */
export function fastNanp(text: string): FastNanpResult | null {
  const shape = NANP_SHAPE.exec(text);
  if (!shape) return null;
  const nationalNumber = (shape[1] ?? shape[2] ?? '') + shape[3] + shape[4];
  const first = nationalNumber.charCodeAt(0);
  if (first < 50) return null; // a national number starting with 0 or 1 is left to the library
  rules ??= compileRules();
  for (const rule of rules) {
    if (rule.leadingDigits) {
      if (!rule.leadingDigits.test(nationalNumber)) continue;
      const type = numberType(rule, nationalNumber);
      return type ? { nationalNumber, country: rule.country, type } : null;
    }
    const type = numberType(rule, nationalNumber);
    if (type) return { nationalNumber, country: rule.country, type };
  }
  return null;
}
