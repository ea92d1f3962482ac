/**
 * The edges of the NANP fast paths, exhaustively: every four-digit start of a national number
 * (0000 to 9999, so every 0/1-leading, 011, N11 and 310 start) in every plain shape, seven digits
 * and ten, 180,000 inputs, checked with the fast path and without it (libphonenumber-js alone).
 * This is what found that the library reads "011-2816" as an international call and takes
 * Canada's seven-digit 310-XXXX numbers as valid.
 */
import { describe, expect, it } from 'vitest';
import { compareFastPath, prefixInputs } from '../../support/phone-inputs';

describe('NANP fast path (every four-digit start)', () => {
  it('gives exactly libphonenumber-js’s results for every start in every plain shape', () => {
    const { compared, fast, fastInvalid, mismatches } = compareFastPath(prefixInputs());
    expect(mismatches).toEqual([]);
    expect(compared).toBe(180_000);
    // Both the numbers it takes and the ones it finds invalid itself are many.
    expect(fast).toBeGreaterThan(40_000);
    expect(fastInvalid).toBeGreaterThan(80_000);
  }, 300_000);
});
