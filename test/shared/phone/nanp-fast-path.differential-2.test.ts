/** Part 2 of the NANP fast path's differential test, with another seed: see nanp-fast-path.differential.test.ts. */
import { describe, expect, it } from 'vitest';
import { runDifferential } from '../../support/phone-inputs';

describe('NANP fast path (differential, part 2 of 2)', () => {
  it('gives exactly libphonenumber-js’s results over 600,000 inputs', () => {
    const { compared, fast, fastInvalid, mismatches } = runDifferential(600_000, 1127_2026);
    expect(mismatches).toEqual([]);
    expect(compared).toBe(600_000);
    // It proves something only if both paths were taken often.
    expect(fast).toBeGreaterThan(120_000);
    expect(fastInvalid).toBeGreaterThan(20_000);
    expect(compared - fast - fastInvalid).toBeGreaterThan(200_000);
  }, 600_000);
});
