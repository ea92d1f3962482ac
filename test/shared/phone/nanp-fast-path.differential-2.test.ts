/** Part 2 of the NANP fast path's differential test, with another seed: see nanp-fast-path.differential.test.ts. */
import { describe, expect, it } from 'vitest';
import { EXHAUSTIVE, runDifferential } from '../../support/phone-inputs';

// All 600,000 in `npm run test:exhaustive`; a sample of 60,000 (the same generator) in `npm test`.
const TOTAL = EXHAUSTIVE ? 600_000 : 60_000;

describe('NANP fast path (differential, part 2 of 2)', () => {
  it(`gives exactly libphonenumber-js’s results over ${TOTAL.toLocaleString('en-US')} inputs`, () => {
    const { compared, fast, fastInvalid, mismatches } = runDifferential(TOTAL, 1127_2026);
    expect(mismatches).toEqual([]);
    expect(compared).toBe(TOTAL);
    // It proves something only if both paths were taken often.
    expect(fast).toBeGreaterThan(TOTAL * 0.2);
    expect(fastInvalid).toBeGreaterThan(TOTAL / 30);
    expect(compared - fast - fastInvalid).toBeGreaterThan(TOTAL / 3);
  }, 600_000);
});
