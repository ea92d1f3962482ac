/**
 * The other-country fast path (shared/phone/plan-fast-path.ts) must give exactly what
 * libphonenumber-js gives: checkPhoneCell with it and without it (the library alone), every
 * field compared, over numbers of every country the library knows, written every usual way
 * (see test/support/plan-inputs.ts). A sample in `npm test`; more in `npm run test:exhaustive`.
 */
import { describe, expect, it } from 'vitest';
import { EXHAUSTIVE } from '../../support/phone-inputs';
import { checkPhoneCell } from '../../../shared/phone/check-phone-cell';
import { fastPlanNumber } from '../../../shared/phone/plan-fast-path';
import { comparePlanPath, MAIN_COUNTRIES, planInputs } from '../../support/plan-inputs';

const [PER_COUNTRY, MAIN_EXTRA] = EXHAUSTIVE ? [2000, 40_000] : [200, 4000];

describe('Other-country fast path (differential)', () => {
  it('gives exactly libphonenumber-js’s results for numbers of every country', () => {
    const { compared, fast, fastByCountry, mismatches } = comparePlanPath(planInputs(PER_COUNTRY, MAIN_EXTRA));
    expect(mismatches).toEqual([]);
    // It proves something only if the fast path was taken often, and not always.
    expect(fast).toBeGreaterThan(compared / 4);
    expect(fast).toBeLessThan(compared * 0.9);
    for (const country of MAIN_COUNTRIES) expect(fastByCountry.get(country) ?? 0, country).toBeGreaterThan(MAIN_EXTRA / 3);
  }, 600_000);
});

describe('Other-country fast path: the national prefix kept where the library keeps it', () => {
  // Digits that begin with the national prefix, but that are a national number only with it
  // (Belarus's 8 20… toll-free numbers, Japan's 0037…): the library keeps the prefix, and so
  // does the fast path. Without that step it declined them (found by removing the step and
  // comparing over 2,200,000 generated inputs); its answer would still have been right, by the
  // library, but slow. (The next step, the possible length after stripping, changed no answer
  // for those inputs nor for 800,000 prefix-led digit strings; it stays as the library's step.)
  it.each([
    ['82 008 595009', 'BY', '+37582008595009'],
    ['82-0867-7-5606', 'BY', '+37582086775606'],
    ['8200254158.2', 'BY', '+37582002541582'],
    ['00372 5.1.226605', 'JP', '+810037251226605'],
    ['00378 (6666) 7622', 'JP', '+810037866667622'],
  ] as const)('%s (%s) is %s, by the fast path', (input, country, e164) => {
    expect(fastPlanNumber(input, country)?.e164).toBe(e164);
    const library = checkPhoneCell(input, country, { national: false, fastPath: false });
    expect(checkPhoneCell(input, country, { national: false })).toEqual(library);
    expect(library[0]).toMatchObject({ valid: true, e164 });
  });
});
