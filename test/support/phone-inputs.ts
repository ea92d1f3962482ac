/** Generated phone inputs for the NANP fast path's differential test (and for debugging it). */
import { checkPhoneCell, type PhoneCheck } from '../../shared/phone/check-phone-cell';
import { fastNanp, lastNanp } from '../../shared/phone/nanp-fast-path';
import { random } from './random';

export const US_FORMATS: ((a: string, b: string, c: string) => string)[] = [
  (a, b, c) => `(${a}) ${b}-${c}`,
  (a, b, c) => `(${a})${b}-${c}`,
  (a, b, c) => `${a}-${b}-${c}`,
  (a, b, c) => `${a}.${b}.${c}`,
  (a, b, c) => `${a} ${b} ${c}`,
  (a, b, c) => `${a}${b}${c}`,
  (a, b, c) => `1${a}${b}${c}`,
  (a, b, c) => `1-${a}-${b}-${c}`,
  (a, b, c) => `1 (${a}) ${b}-${c}`,
  (a, b, c) => `+1${a}${b}${c}`,
  (a, b, c) => `+1 ${a} ${b} ${c}`,
  (a, b, c) => `+1 (${a}) ${b}-${c}`,
  (a, b, c) => `+1-${a}-${b}-${c}`,
  (a, b, c) => `+1.${a}.${b}.${c}`,
  (a, b, c) => `${a}-${b}-${c} ext. 12`,
  (a, b, c) => `(${a}) ${b}-${c} x123`,
  (a, b, c) => `${a}.${b}.${c}x4`,
  (a, b, c) => `+1 ${a} ${b} ${c} ext 987654`,
  (a, b, c) => `${a}${b}${c} extension 55`,
  (a, b, c) => `${a}-${b}-${c} EXT.1234567`,
  (a, b, c) => `1${a}${b}${c} X 7`,
  (a, b, c) => `  ${a}-${b}-${c} `,
  (a, b, c) => `${a}${b}${c}${c.slice(0, 3)}`,
  (a, b, c) => `${a}${b}${c}.0`,
  (a, b, c) => `${a}-${b}-${c}-${c}`,
  (a, b, c) => `${a}${b}${c}${a}${b}`,
  (a, b, c) => `${a} ${b}${c.slice(0, 2)}`,
  (a, b, c) => `${a}-${b}-${c.slice(0, 3)}`,
  (a, b, c) => `${a.slice(1)}${b}${c}`,
  (a, b, c) => `${b}-${c}`,
  (a, b, c) => `${a}/${b}-${c}`,
  (a, b, c) => `(${a}) ${b} - ${c}`,
];

const OTHER_COUNTRIES = [
  '+44 7911 123456',
  '020 7946 0018',
  '+49 30 12345678',
  '+33 6 12 34 56 78',
  '+52 55 1234 5678',
  '+61 4 1234 5678',
  '+91 98765 43210',
  '+7 912 345-67-89',
  '+86 138 0013 8000',
  '+55 11 91234-5678',
];
const JUNK = [
  '12',
  '555-1234',
  '123456789012345678',
  'call me',
  '+999 1234567',
  '(000) 000-0000',
  '000-000-0000',
  '1-800-FLOWERS',
  '+1',
  '+1 212',
  '1 1 1 1 1 1 1 1 1 1',
  'n/a',
  '',
  ' ',
  'N/A',
  '555-0100',
  'x123',
];

function digits(next: () => number, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += Math.floor(next() * 10);
  return out;
}

/** `total` inputs for the differential test, the same every run for the same seed. */
export function* differentialInputs(total: number, seed = 20261127): Generator<string> {
  const next = random(seed);
  for (let i = 0; i < total; i++) {
    const pick = next();
    if (pick < 0.02) {
      yield OTHER_COUNTRIES[Math.floor(next() * OTHER_COUNTRIES.length)] as string;
      continue;
    }
    if (pick < 0.03) {
      yield JUNK[Math.floor(next() * JUNK.length)] as string;
      continue;
    }
    // Area codes: mostly 2–9 leading (real plan), some 0/1-leading and N11 to reach the edges.
    const area = pick < 0.08 ? digits(next, 3) : pick < 0.1 ? `${2 + Math.floor(next() * 8)}11` : `${2 + Math.floor(next() * 8)}${digits(next, 2)}`;
    const exchange = pick < 0.12 ? digits(next, 3) : `${2 + Math.floor(next() * 8)}${digits(next, 2)}`;
    const format = US_FORMATS[Math.floor(next() * US_FORMATS.length)] as (typeof US_FORMATS)[number];
    yield format(area, exchange, digits(next, 4));
  }
}

/**
 * Every four-digit start of a national number (0000 to 9999: 0/1-leading, 011, N11…) in every
 * plain written shape, ten digits and seven: the edges of the fast paths, exhaustively. The
 * digits after the fourth are random (libphonenumber-js's verdict on these shapes turns on the
 * start: a trunk prefix 1, the international prefix 011, a calling code after it).
 */
export function* prefixInputs(seed = 20261202): Generator<string> {
  const next = random(seed);
  for (let prefix = 0; prefix < 10_000; prefix++) {
    const start = String(prefix).padStart(4, '0');
    const area = start.slice(0, 3);
    const fourth = start.slice(3);
    yield `${area}-${fourth}${digits(next, 3)}`;
    yield `${area}.${fourth}${digits(next, 3)}`;
    yield `${area} ${fourth}${digits(next, 3)}`;
    yield `${start}${digits(next, 3)}`;
    for (const format of US_FORMATS.slice(0, 14)) yield format(area, `${fourth}${digits(next, 2)}`, digits(next, 4));
  }
}

/** Whether the differential tests run in full (`npm run test:exhaustive`) or as a sample (`npm test`). */
export const EXHAUSTIVE = process.env.TXP_EXHAUSTIVE === '1';

/**
 * Runs checkPhoneCell with and without the fast path over the inputs; returns counts (valid
 * numbers the fast path took, and numbers it found invalid itself) and the first mismatches.
 */
export function runDifferential(total: number, seed: number) {
  return compareFastPath(differentialInputs(total, seed));
}

export function compareFastPath(inputs: Iterable<string>) {
  let fast = 0;
  let fastInvalid = 0;
  let compared = 0;
  const mismatches: { input: string; fast: PhoneCheck[]; library: PhoneCheck[] }[] = [];
  for (const input of inputs) {
    const withFastPath = checkPhoneCell(input, 'US', { national: true });
    const libraryOnly = checkPhoneCell(input, 'US', { national: true, fastPath: false });
    compared++;
    if (fastNanp(input)) fast++;
    else if (lastNanp.invalid) fastInvalid++;
    if (JSON.stringify(withFastPath) !== JSON.stringify(libraryOnly) && mismatches.length < 10) {
      mismatches.push({ input, fast: withFastPath, library: libraryOnly });
    }
  }
  return { compared, fast, fastInvalid, mismatches };
}
