import { describe, expect, it } from 'vitest';
import { NumberSet } from '../../shared/check/number-set';

describe('NumberSet', () => {
  it('behaves like a Set for E.164 numbers, through many resizes', () => {
    const set = new NumberSet(4);
    const reference = new Set<number>();
    let seed = 7;
    for (let i = 0; i < 200_000; i++) {
      seed = (seed * 48271) % 2147483647;
      const value = 12000000000 + (seed % 300_000) * 31; // plenty of repeats
      expect(set.add(value)).toBe(!reference.has(value));
      reference.add(value);
    }
    expect(set.size).toBe(reference.size);
    expect(set.has(12000000000)).toBe(reference.has(12000000000));
    expect(set.has(999999999999999)).toBe(false);
  });

  it('keeps 15-digit numbers exact', () => {
    const set = new NumberSet();
    expect(set.add(999999999999999)).toBe(true);
    expect(set.add(999999999999998)).toBe(true);
    expect(set.add(999999999999999)).toBe(false);
  });

  it('refuses what it cannot hold', () => {
    expect(() => new NumberSet().add(0)).toThrow(RangeError);
    expect(() => new NumberSet().add(1.5)).toThrow(RangeError);
  });
});
