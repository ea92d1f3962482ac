/**
 * The NANP fast path must give exactly what libphonenumber-js gives. Together with its twin
 * (…differential-2.test.ts, another seed, run in parallel on the other core) this compares
 * checkPhoneCell with the fast path and without it (the library alone) over 1,200,000
 * generated inputs in `npm run test:exhaustive` (about five minutes), and over the first 120,000
 * of them in `npm test`: every common US format, random ten-digit numbers valid and invalid (all
 * area codes, including 0/1-leading and N11 ones, Canada and the Caribbean), numbers with +1
 * or 1, extensions in the forms CRM exports write them (x123, ext 7, EXTENSION 55, over six
 * digits too), padding, the junk of issue 15 (7-digit local numbers, 8, 9 and 11 to 17 digits,
 * 000-000-0000, n/a, empty, a repaired float), several countries. Every field of every result is
 * compared. Each fast path is taken: valid numbers, the numbers it proves invalid itself, the
 * extensions and the too-short or too-long digit runs. Every four-digit start in every plain
 * shape: nanp-fast-path.prefixes.test.ts. The list checker's inlined copy:
 * test/shared/check/list-checker.differential.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { EXHAUSTIVE, runDifferential } from '../../support/phone-inputs';

// All 600,000 in `npm run test:exhaustive`; a sample of 60,000 (the same generator) in `npm test`.
const TOTAL = EXHAUSTIVE ? 600_000 : 60_000;

describe('NANP fast path (differential, part 1 of 2)', () => {
  it(`gives exactly libphonenumber-js’s results over ${TOTAL.toLocaleString('en-US')} inputs`, () => {
    const { compared, fast, fastInvalid, mismatches } = runDifferential(TOTAL, 20261127);
    expect(mismatches).toEqual([]);
    expect(compared).toBe(TOTAL);
    // It proves something only if both paths were taken often.
    expect(fast).toBeGreaterThan(TOTAL * 0.2);
    expect(fastInvalid).toBeGreaterThan(TOTAL / 30);
    expect(compared - fast - fastInvalid).toBeGreaterThan(TOTAL / 3);
  }, 600_000);
});
