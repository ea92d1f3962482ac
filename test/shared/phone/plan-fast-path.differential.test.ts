/**
 * The other-country fast path (shared/phone/plan-fast-path.ts) must give exactly what
 * libphonenumber-js gives: checkPhoneCell with it and without it (the library alone), every
 * field compared, over numbers of every country the library knows, written every usual way
 * (see test/support/plan-inputs.ts). A sample in `npm test`; more in `npm run test:exhaustive`.
 */
import { describe, expect, it } from 'vitest';
import { EXHAUSTIVE } from '../../support/phone-inputs';
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
