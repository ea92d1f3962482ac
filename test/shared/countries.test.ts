import { describe, expect, it } from 'vitest';
import { getCountries } from 'libphonenumber-js/max';
import { COUNTRIES, countryFromText, countryLabel } from '../../shared/phone/countries';

describe('countries by name', () => {
  it('"Germany" is Germany (DE), never Georgia (GE)', () => {
    expect(countryFromText('Germany')).toBe('DE');
    expect(countryFromText(' germany ')).toBe('DE');
    expect(countryFromText('Germany (DE)')).toBe('DE');
    expect(countryFromText('Germ')).toBe('DE');
    expect(countryFromText('GE')).toBe('GE');
    expect(countryLabel('GE')).toBe('Georgia (GE)');
  });

  it('says nothing rather than guess', () => {
    expect(countryFromText('United')).toBeNull(); // United States, United Kingdom, …
    expect(countryFromText('Atlantis')).toBeNull();
    expect(countryFromText('XX')).toBeNull();
    expect(countryFromText('')).toBeNull();
  });

  it('offers every country with a numbering plan, by name', () => {
    expect(COUNTRIES.map((c) => c.code).sort()).toEqual([...getCountries()].sort());
    expect(COUNTRIES.find((c) => c.code === 'US')?.label).toBe('United States (US)');
    for (const c of COUNTRIES) expect(countryFromText(c.label)).toBe(c.code);
  });
});
