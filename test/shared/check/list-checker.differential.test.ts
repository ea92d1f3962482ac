/**
 * The list checker has its own inlined copy of the NANP fast path (fastNanpMatch on the cell as
 * it is, then on its cleaned text, then checkPhoneCell for the rest). This runs whole lists
 * through it twice, with the fast paths and with libphonenumber-js alone, and compares
 * everything it reports: the summary, every problem, every outcome and every row written.
 * The lists are the differential inputs and every four-digit start (see
 * test/support/phone-inputs.ts), with repeats, a second phone column, an opt-out column and
 * tags, in both phone formats. A sample in `npm test`; in full in `npm run test:exhaustive`.
 */
import { describe, expect, it } from 'vitest';
import { ListChecker, type ListMapping, type OutcomeKind, type Problem } from '../../../shared/check/list-checker';
import type { PhoneFormat } from '../../../shared/mapping/list-plan';
import { EXHAUSTIVE, differentialInputs, prefixInputs } from '../../support/phone-inputs';

const HEADERS = ['Id', 'Mobile', 'Home', 'City', 'SMS Opt Out'];
const MAPPING: ListMapping = { mode: 'preformatted', phone: [1, 2], tags: [3], country: 'US', removeWhen: { column: 4, values: ['Yes'] } };

function* rows(inputs: Iterable<string>): Generator<string[]> {
  const recent: string[] = [];
  let i = 0;
  for (const input of inputs) {
    i++;
    // Every 9th row repeats a recent number (a duplicate, in another column every 18th).
    const repeat = i % 9 === 0 && recent.length > 0 ? (recent[i % recent.length] as string) : null;
    const mobile = repeat !== null && i % 18 !== 0 ? repeat : input;
    const home = repeat !== null && i % 18 === 0 ? repeat : i % 5 === 0 ? input : '';
    if (recent.length < 64) recent.push(input);
    else recent[i % 64] = input;
    yield [String(i), mobile, home, i % 3 === 0 ? 'San José' : 'Boston', i % 40 === 0 ? 'Yes' : 'No'];
  }
}

function runList(inputs: Iterable<string>, phoneFormat: PhoneFormat, fastPath: boolean) {
  const written: string[] = [];
  const problems: Problem[] = [];
  const outcomes: [number, number, OutcomeKind, number, string | null][] = [];
  const checker = new ListChecker(
    MAPPING,
    HEADERS,
    phoneFormat,
    {
      row: (number, tags) => written.push(`${number},${tags.join(',')}`),
      problem: (problem) => problems.push(problem),
      outcome: (row, column, kind, value, reason) => outcomes.push([row, column, kind, value, reason]),
    },
    0,
    fastPath,
  );
  let rowNumber = 1;
  for (const cells of rows(inputs)) checker.add(++rowNumber, cells);
  return { summary: checker.summary, written, problems, outcomes };
}

function expectSame(inputs: () => Iterable<string>, phoneFormat: PhoneFormat) {
  const fast = runList(inputs(), phoneFormat, true);
  const library = runList(inputs(), phoneFormat, false);
  expect(fast.summary).toEqual(library.summary);
  // Compared in slices so a difference shows where it is, not a million-line diff.
  for (const key of ['written', 'problems', 'outcomes'] as const) {
    const a = fast[key];
    const b = library[key];
    expect(a.length, key).toBe(b.length);
    for (let at = 0; at < a.length; at += 10_000) expect(a.slice(at, at + 10_000), `${key} from ${at}`).toEqual(b.slice(at, at + 10_000));
  }
  return fast.summary;
}

const TOTAL = EXHAUSTIVE ? 600_000 : 40_000;

describe('ListChecker fast paths (differential)', () => {
  for (const phoneFormat of ['e164', 'national'] as const) {
    it(`reports exactly what libphonenumber-js alone gives over ${TOTAL.toLocaleString('en-US')} rows (${phoneFormat})`, () => {
      const summary = expectSame(() => differentialInputs(TOTAL, 20261203), phoneFormat);
      // Every kind of outcome occurs, so the comparison proves something.
      expect(summary.valid).toBeGreaterThan(TOTAL / 3);
      expect(summary.invalid).toBeGreaterThan(TOTAL / 10);
      expect(summary.duplicates).toBeGreaterThan(TOTAL / 20);
      expect(summary.removals).toBeGreaterThan(TOTAL / 100);
      expect(summary.extensionsRemoved).toBeGreaterThan(0);
    }, 600_000);
  }

  it('reports exactly what libphonenumber-js alone gives for every four-digit start', () => {
    const summary = expectSame(() => prefixInputs(), 'e164');
    expect(summary.valid).toBeGreaterThan(40_000);
    expect(summary.invalid).toBeGreaterThan(80_000);
  }, 600_000);
});
