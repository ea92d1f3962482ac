/**
 * A fast path for the numbers of any other default country (GB, DE, FR, AU, IN, …): one number
 * written with digits, spaces, dots, dashes and parentheses, nationally ("020 7946 0018",
 * "0151 23456789") or with its calling code ("+44 20 7946 0018", "+44 (0)20 7946 0018").
 *
 * It follows libphonenumber-js 1.13's own steps with the same metadata (`parse` →
 * `extractCountryCallingCode`, `extractNationalNumber`, `getCountryByCallingCode`, then
 * `isValid` and `getNumberType`), with each pattern compiled once into an automaton over digits
 * (digit-pattern.ts) instead of a Metadata object and fresh RegExps per call. It answers only
 * for a number it finds valid, and only where its steps are exactly the library's: a number
 * that is invalid, that begins with an international prefix (00…) or with the country's calling
 * code without a `+`, whose national prefix carries a carrier code or a transform rule, or in
 * any other shape goes to the library itself. test/shared/phone/plan-fast-path.differential.test.ts
 * compares the two.
 */
import { Metadata } from 'libphonenumber-js/max';
import { DigitPattern } from './digit-pattern';
import { NON_FIXED_LINE_PHONE_TYPES } from './nanp-fast-path';
/** libphonenumber-js's bounds on a national significant number (MIN_LENGTH_FOR_NSN, MAX_LENGTH_FOR_NSN). */
const MIN_NATIONAL = 2;
const MAX_NATIONAL = 17;
/** Digits with spaces, dots, dashes and parentheses, an optional + first: nothing the library reads as an extension or a second number. */
const PLAN_SHAPE = /^\+?\(?\d[\d ().-]*\d$/;

interface TypeRule {
  type: string;
  pattern: DigitPattern;
  lengths: readonly number[] | undefined;
}

interface Plan {
  country: string;
  callingCode: string;
  leadingDigits: DigitPattern | null;
  nationalNumber: DigitPattern;
  possibleLengths: readonly number[] | undefined;
  hasTypes: boolean;
  fixedLine: TypeRule | null;
  /** getNumberType's FIXED_LINE_OR_MOBILE without looking at MOBILE: no MOBILE type, or an empty pattern. */
  mobileFoldedIntoFixedLine: boolean;
  mobile: TypeRule | null;
  others: TypeRule[];
  /** `^(?:national_prefix_for_parsing)`, or null. */
  prefixForParsing: RegExp | null;
  prefixTransform: boolean;
  /** `^(?:IDD prefix)`: a national number that begins so is left to the library. */
  idd: RegExp | null;
}

interface MetadataInternals {
  selectNumberingPlan(country: string): void;
  hasCountry(country: string): boolean;
  hasCallingCode(callingCode: string): boolean;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
  leadingDigits(): string | undefined;
  IDDPrefix(): string | undefined;
  nationalPrefixTransformRule(): string | undefined;
  numberingPlan: {
    callingCode(): string;
    nationalNumberPattern(): string;
    possibleLengths(): number[] | undefined;
    nationalPrefixForParsing(): string | undefined;
    hasTypes(): boolean;
    type(type: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
  };
}

let metadata: MetadataInternals | null = null;
const plans = new Map<string, Plan>();
const countriesByCallingCode = new Map<string, readonly string[]>();

function internals(): MetadataInternals {
  metadata ??= new Metadata() as unknown as MetadataInternals;
  return metadata;
}

function planOf(country: string): Plan {
  let plan = plans.get(country);
  if (plan) return plan;
  const m = internals();
  m.selectNumberingPlan(country);
  const numbering = m.numberingPlan;
  const rule = (type: string): TypeRule | null => {
    const definition = numbering.type(type);
    if (!definition || !definition.pattern()) return null;
    return { type, pattern: new DigitPattern(definition.pattern()), lengths: definition.possibleLengths() };
  };
  const mobile = numbering.type('MOBILE');
  const leading = m.leadingDigits();
  const prefix = numbering.nationalPrefixForParsing();
  const idd = m.IDDPrefix();
  plan = {
    country,
    callingCode: numbering.callingCode(),
    leadingDigits: leading ? new DigitPattern(leading) : null,
    nationalNumber: new DigitPattern(numbering.nationalNumberPattern()),
    possibleLengths: numbering.possibleLengths(),
    hasTypes: numbering.hasTypes(),
    fixedLine: rule('FIXED_LINE'),
    mobileFoldedIntoFixedLine: !mobile || mobile.pattern() === '',
    mobile: rule('MOBILE'),
    others: NON_FIXED_LINE_PHONE_TYPES.map(rule).filter((r): r is TypeRule => r !== null),
    prefixForParsing: prefix ? new RegExp(`^(?:${prefix})`) : null,
    prefixTransform: Boolean(m.nationalPrefixTransformRule()),
    idd: idd ? new RegExp(`^(?:${idd})`) : null,
  };
  plans.set(country, plan);
  return plan;
}

function countriesOf(callingCode: string): readonly string[] {
  let countries = countriesByCallingCode.get(callingCode);
  if (!countries) {
    countries = internals().getCountryCodesForCallingCode(callingCode) ?? [];
    countriesByCallingCode.set(callingCode, countries);
  }
  return countries;
}

/** `isNumberTypeEqualTo`. */
function isType(rule: TypeRule | null, digits: Uint8Array): boolean {
  if (!rule) return false;
  if (rule.lengths && !rule.lengths.includes(digits.length)) return false;
  return rule.pattern.matches(digits);
}

/** `getNumberType` in a plan; undefined: not valid there. */
function numberType(plan: Plan, digits: Uint8Array): string | undefined {
  if (!plan.nationalNumber.matches(digits)) return undefined;
  if (isType(plan.fixedLine, digits)) {
    if (plan.mobileFoldedIntoFixedLine) return 'FIXED_LINE_OR_MOBILE';
    return isType(plan.mobile, digits) ? 'FIXED_LINE_OR_MOBILE' : 'FIXED_LINE';
  }
  for (const other of plan.others) if (isType(other, digits)) return other.type;
  return undefined;
}

/** `getCountryByCallingCode`: the one country of the code, or the first whose leading digits or types take the number. */
function countryFor(callingCode: string, digits: Uint8Array): string | undefined {
  const countries = countriesOf(callingCode);
  if (countries.length === 1) return countries[0];
  for (const country of countries) {
    const plan = planOf(country);
    if (plan.leadingDigits) {
      if (digits.length > 0 && plan.leadingDigits.matchesStart(digits)) return country;
    } else if (numberType(plan, digits) !== undefined) return country;
  }
  return undefined;
}

/** `checkNumberLength` is TOO_SHORT or INVALID_LENGTH. */
function impossibleLength(plan: Plan, length: number): boolean {
  const lengths = plan.possibleLengths;
  if (!lengths) return false;
  const minimum = lengths[0] as number;
  if (minimum === length) return false;
  if (minimum > length) return true;
  if ((lengths[lengths.length - 1] as number) < length) return false; // TOO_LONG
  return lengths.indexOf(length, 1) < 0;
}

function toDigits(text: string): Uint8Array {
  const digits = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) digits[i] = text.charCodeAt(i) - 48;
  return digits;
}

/**
 * `extractNationalNumber` in a plan: the national number with the national prefix stripped
 * where the library strips it; null where the library would keep a carrier code or transform
 * the number (left to it).
 */
function nationalNumberOf(number: string, plan: Plan): string | null {
  if (!plan.prefixForParsing) return number;
  const match = plan.prefixForParsing.exec(number);
  if (!match) return number;
  const groups = match.length - 1;
  if (groups > 0 && match[groups]) return null; // a carrier code, or a transform rule
  const after = number.slice(match[0].length);
  if (after === number) return number;
  const before = toDigits(number);
  const stripped = toDigits(after);
  if (plan.nationalNumber.matches(before) && !plan.nationalNumber.matches(stripped)) return number;
  if (plan.possibleLengths) {
    const country = countryFor(plan.callingCode, stripped);
    if (impossibleLength(country ? planOf(country) : plan, after.length)) return number;
  }
  return after;
}

export interface PlanFastResult {
  /** +442079460018 */
  e164: string;
  country: string;
  /** libphonenumber-js's type name. */
  type: string;
}

/**
 * The valid number in `text` as libphonenumber-js reads it with `defaultCountry`, or null
 * when it is not in the plain shape, not valid, or not read by exactly these steps: the caller
 * then asks the library itself.
 */
export function fastPlanNumber(text: string, defaultCountry: string): PlanFastResult | null {
  if (text.length > 40 || !PLAN_SHAPE.test(text)) return null;
  let digits = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digits += text[i];
  }
  const m = internals();
  if (!m.hasCountry(defaultCountry)) return null;
  let callingCode: string;
  let plan: Plan;
  if (text.charCodeAt(0) === 43) {
    // +: the first one to three digits that are a calling code (`extractCountryCallingCode`).
    if (digits.charCodeAt(0) === 48) return null;
    let found: string | null = null;
    for (let length = 1; length <= 3 && length <= digits.length; length++) {
      if (m.hasCallingCode(digits.slice(0, length))) {
        found = digits.slice(0, length);
        break;
      }
    }
    if (found === null) return null;
    callingCode = found;
    digits = digits.slice(found.length);
    const main = countriesOf(callingCode)[0];
    if (!main) return null;
    plan = planOf(main);
  } else {
    plan = planOf(defaultCountry);
    callingCode = plan.callingCode;
    // An international prefix (00 44 …) or the calling code without its + (44 20 …): the
    // library may read either as international; left to it.
    if (plan.idd?.test(digits) || digits.startsWith(callingCode)) return null;
  }
  if (digits.length === 0) return null;
  const national = nationalNumberOf(digits, plan);
  if (national === null || national.length < MIN_NATIONAL || national.length > MAX_NATIONAL) return null;
  const nationalDigits = toDigits(national);
  const exact = countryFor(callingCode, nationalDigits) ?? (text.charCodeAt(0) === 43 ? undefined : defaultCountry);
  if (!exact) return null;
  const countryPlan = planOf(exact);
  if (!countryPlan.hasTypes) return null;
  const type = numberType(countryPlan, nationalDigits);
  if (type === undefined) return null;
  return { e164: `+${callingCode}${national}`, country: exact, type };
}
