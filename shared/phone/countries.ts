/**
 * Countries by name, for people: "Germany (DE)", never a bare two-letter box where "Germany"
 * would silently become GE (Georgia). The codes are the ones libphonenumber-js has numbering
 * plans for; the names are the platform's own (Intl.DisplayNames, in English).
 */
import { getCountries, type CountryCode } from 'libphonenumber-js/max';

export interface CountryChoice {
  code: CountryCode;
  name: string;
  /** "Germany (DE)": what the picker shows and accepts. */
  label: string;
}

const names = new Intl.DisplayNames(['en'], { type: 'region' });

export const COUNTRIES: readonly CountryChoice[] = getCountries()
  .map((code) => {
    const name = names.of(code) ?? code;
    return { code, name, label: `${name} (${code})` };
  })
  .sort((a, b) => a.name.localeCompare(b.name, 'en'));

const byCode = new Map(COUNTRIES.map((c) => [c.code as string, c]));

/** "Germany (DE)" for DE; the code itself when it is not a country with a numbering plan. */
export function countryLabel(code: string): string {
  return byCode.get(code.toUpperCase())?.label ?? code;
}

/**
 * What a person typed, as a country: a picked label ("Germany (DE)"), a name ("germany"), a
 * code ("de"), or the start of exactly one name ("Germ"). Null when it names none, or several.
 */
export function countryFromText(text: string): CountryCode | null {
  const typed = text.trim();
  if (typed === '') return null;
  const labelled = /\(([A-Za-z]{2})\)$/.exec(typed);
  if (labelled) return byCode.get((labelled[1] as string).toUpperCase())?.code ?? null;
  const lower = typed.toLowerCase();
  const named = COUNTRIES.find((c) => c.name.toLowerCase() === lower);
  if (named) return named.code;
  if (/^[A-Za-z]{2}$/.test(typed)) return byCode.get(typed.toUpperCase())?.code ?? null;
  const starting = COUNTRIES.filter((c) => c.name.toLowerCase().startsWith(lower));
  return starting.length === 1 ? (starting[0] as CountryChoice).code : null;
}
