/**
 * Generated inputs for the other-country fast path's differential test
 * (shared/phone/plan-fast-path.ts): for every country libphonenumber-js knows, numbers grown
 * from its mobile example (a start kept, the rest random, the length now and then one off),
 * written nationally with and without the trunk prefix, with +, with "(0)", with the calling
 * code but no +, with 00 and with an international prefix, with spaces, dots, dashes and
 * parentheses, under that country and now and then under another default country.
 */
import examples from 'libphonenumber-js/mobile/examples';
import { getCountries, getCountryCallingCode, Metadata, type CountryCode } from 'libphonenumber-js/max';
import { checkPhoneCell, type PhoneCheck } from '../../shared/phone/check-phone-cell';
import { fastPlanNumber } from '../../shared/phone/plan-fast-path';
import { random } from './random';

/** The countries the default-country benchmark and the issue name first. */
export const MAIN_COUNTRIES: CountryCode[] = ['GB', 'DE', 'FR', 'AU', 'IN'];

function nationalPrefix(country: CountryCode): string {
  const metadata = new Metadata() as unknown as { selectNumberingPlan(c: string): void; numberingPlan: { nationalPrefix(): string | undefined } };
  metadata.selectNumberingPlan(country);
  return metadata.numberingPlan.nationalPrefix() ?? '';
}

function separate(next: () => number, digits: string): string {
  let out = '';
  const style = Math.floor(next() * 5);
  for (let i = 0; i < digits.length; i++) {
    out += digits[i];
    if (i < digits.length - 1 && next() < 0.25) out += [' ', '.', '-', ' ', ''][style];
  }
  if (style === 4 && digits.length > 6 && next() < 0.5) {
    const cut = 2 + Math.floor(next() * 3);
    out = `(${digits.slice(0, cut)}) ${out.replace(/\D/g, '').slice(cut)}`;
  }
  return out;
}

/** `perCountry` inputs for each country (and `mainExtra` more for the main five): [input, default country]. */
export function* planInputs(perCountry: number, mainExtra: number, seed = 20261203): Generator<[string, CountryCode]> {
  const next = random(seed);
  const countries = getCountries();
  const table = examples as Record<string, string>;
  for (const country of countries) {
    const example = table[country];
    if (!example) continue;
    const code = getCountryCallingCode(country);
    const prefix = nationalPrefix(country);
    const count = perCountry + (MAIN_COUNTRIES.includes(country) ? mainExtra : 0);
    for (let i = 0; i < count; i++) {
      const keep = 1 + Math.floor(next() * Math.min(4, example.length));
      let length = example.length;
      const shift = next();
      if (shift < 0.08) length--;
      else if (shift < 0.16) length++;
      let nsn = example.slice(0, keep);
      while (nsn.length < length) nsn += Math.floor(next() * 10);
      const form = next();
      const written =
        form < 0.3
          ? separate(next, prefix + nsn)
          : form < 0.4
            ? separate(next, nsn)
            : form < 0.65
              ? `+${code} ${separate(next, nsn)}`
              : form < 0.72
                ? `+${code} (${prefix || '0'}) ${separate(next, nsn)}`
                : form < 0.8
                  ? separate(next, code + nsn)
                  : form < 0.85
                    ? `00${code} ${separate(next, nsn)}`
                    : form < 0.88
                      ? `+${code}${prefix}${nsn}`
                      : form < 0.92
                        ? `${prefix}${prefix}${nsn}`
                        : `+${separate(next, code + nsn)}`;
      const other = next() < 0.1 ? (countries[Math.floor(next() * countries.length)] as CountryCode) : country;
      yield [written, other];
    }
  }
}

/** Runs checkPhoneCell with and without the fast paths; counts the inputs the plan path took; the first mismatches. */
export function comparePlanPath(inputs: Iterable<[string, CountryCode]>) {
  let compared = 0;
  let fast = 0;
  const fastByCountry = new Map<string, number>();
  const mismatches: { input: string; country: string; fast: PhoneCheck[]; library: PhoneCheck[] }[] = [];
  for (const [input, country] of inputs) {
    const withFastPath = checkPhoneCell(input, country, { national: false });
    const libraryOnly = checkPhoneCell(input, country, { national: false, fastPath: false });
    compared++;
    if (fastPlanNumber(input, country)) {
      fast++;
      fastByCountry.set(country, (fastByCountry.get(country) ?? 0) + 1);
    }
    if (JSON.stringify(withFastPath) !== JSON.stringify(libraryOnly) && mismatches.length < 10) mismatches.push({ input, country, fast: withFastPath, library: libraryOnly });
  }
  return { compared, fast, fastByCountry, mismatches };
}
