/**
 * The automata of digit-pattern.ts against the RegExps they replace: every pattern of
 * libphonenumber's `max` metadata, for every country, on random digit strings and on strings
 * that follow the pattern's own prefixes (so that matches are common, not only misses).
 */
import { Metadata } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { DigitPattern } from '../../../shared/phone/digit-pattern';
import { random } from '../../support/random';

interface MetadataInternals {
  selectNumberingPlan(country: string): void;
  leadingDigits(): string | undefined;
  nationalNumberPattern(): string;
  type(type: string): { pattern(): string } | undefined;
  metadata: { countries: Record<string, unknown> };
}

const TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

function allPatterns(): { country: string; source: string; prefix: boolean }[] {
  const metadata = new Metadata() as unknown as MetadataInternals;
  const found: { country: string; source: string; prefix: boolean }[] = [];
  for (const country of Object.keys(metadata.metadata.countries)) {
    metadata.selectNumberingPlan(country);
    const leading = metadata.leadingDigits();
    if (leading) found.push({ country, source: leading, prefix: true });
    found.push({ country, source: metadata.nationalNumberPattern(), prefix: false });
    for (const type of TYPES) {
      const source = metadata.type(type)?.pattern();
      if (source) found.push({ country, source, prefix: false });
    }
  }
  return found;
}

describe('DigitPattern', () => {
  const patterns = allPatterns();

  it('covers the syntax of every pattern in the metadata (no pattern falls back to its RegExp)', () => {
    expect(patterns.length).toBeGreaterThan(1000);
    const fallback = patterns.filter(({ source }) => !new DigitPattern(source).automaton);
    expect(fallback).toEqual([]);
  });

  it('answers as the RegExp does, whole and at the start, for every pattern', () => {
    const next = random(42);
    let matched = 0;
    let tested = 0;
    for (const { source } of patterns) {
      const automaton = new DigitPattern(source);
      const whole = new RegExp(`^(?:${source})$`);
      const start = new RegExp(`^(?:${source})`);
      // Digits drawn mostly from the pattern's own literals (so that its prefixes come up and
      // many strings match), of every length from 1 to 17.
      const literals = [...source.replace(/\{[^}]*\}/g, '')].filter((c) => c >= '0' && c <= '9');
      for (let trial = 0; trial < 60; trial++) {
        const length = 1 + Math.floor(next() * 17);
        let text = '';
        for (let i = 0; i < length; i++) {
          text += literals.length > 0 && next() < 0.7 ? literals[Math.floor(next() * literals.length)] : String(Math.floor(next() * 10));
        }
        const digits = Uint8Array.from(text, (d) => Number(d));
        const expected = whole.test(text);
        if (expected) matched++;
        tested++;
        expect(automaton.matches(digits), `${source} on ${text}`).toBe(expected);
        expect(automaton.matchesStart(digits), `${source} starts ${text}`).toBe(start.test(text));
      }
    }
    expect(tested).toBeGreaterThan(80_000);
    expect(matched).toBeGreaterThan(1_500); // enough strings match that both answers are exercised
  });

  it('keeps the RegExp for syntax it does not cover', () => {
    const pattern = new DigitPattern('(?=1)\\d{3}');
    expect(pattern.automaton).toBe(false);
    expect(pattern.matches(Uint8Array.from([1, 2, 3]))).toBe(true);
    expect(pattern.matches(Uint8Array.from([2, 2, 3]))).toBe(false);
  });
});
