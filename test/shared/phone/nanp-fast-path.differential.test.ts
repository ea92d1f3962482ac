/**
 * The NANP fast path must give exactly what libphonenumber-js gives. Together with its twin
 * (…differential-2.test.ts, another seed, run in parallel on the other core) this compares
 * checkPhoneCell with the fast path and without it (the library alone) over 1,200,000
 * generated inputs: every common US format, random ten-digit numbers valid and invalid (all
 * area codes, including 0/1-leading and N11 ones, Canada and the Caribbean), numbers with +1
 * or 1, extensions in the forms CRM exports write them (x123, ext 7, EXTENSION 55, over six
 * digits too), padding, the junk of issue 15 (7-digit local numbers, 8, 9 and 11 to 17 digits,
 * 000-000-0000, n/a, empty, a repaired float), several countries. Every field of every result is
 * compared. Each fast path is taken: valid numbers, the numbers it proves invalid itself, the
 * extensions and the too-short or too-long digit runs (checkPhoneCell; the list checker's inlined
 * copy calls fastNanpMatch and falls back to checkPhoneCell, so it takes the same paths).
 */
import { describe, expect, it } from 'vitest';
import { runDifferential } from '../../support/phone-inputs';

describe('NANP fast path (differential, part 1 of 2)', () => {
  it('gives exactly libphonenumber-js’s results over 600,000 inputs', () => {
    const { compared, fast, fastInvalid, mismatches } = runDifferential(600_000, 20261127);
    expect(mismatches).toEqual([]);
    expect(compared).toBe(600_000);
    // It proves something only if both paths were taken often.
    expect(fast).toBeGreaterThan(120_000);
    expect(fastInvalid).toBeGreaterThan(20_000);
    expect(compared - fast - fastInvalid).toBeGreaterThan(200_000);
  }, 600_000);
});
