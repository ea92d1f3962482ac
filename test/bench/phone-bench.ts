/**
 * Phone checking alone, one core, in this process: numbers per second of checkPhoneCell (what
 * the checker calls for every cell, national digits not asked for, with its fast paths) and of plain libphonenumber-js doing
 * the same job the way its README shows (parsePhoneNumberFromString with the default country,
 * then isValid, number and getType, from the same `max` metadata), over the same cells.
 * US: the phone column of the messy export (test/bench/messy-data.ts). GB, DE, FR, AU and IN:
 * national, international and plain-digit writings of mobile and fixed-line numbers of each
 * country, 3 % junk. Prints one JSON line per country: {country, cells, oursMs, libraryMs}
 * (medians of ROUNDS).
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { checkPhoneCell } from '../../shared/phone/check-phone-cell';
import { random } from '../support/random';
import { messyPhones } from './messy-data';

const ROUNDS = Number(process.argv[2] ?? 5);

/** National numbers (with the trunk 0 where the country has one): a start and how many digits follow. */
const STARTS: Record<string, [string, number][]> = {
  GB: [
    ['020 7', 7],
    ['0161 4', 6],
    ['0113 4', 6],
    ['07723 4', 5],
    ['07911 1', 5],
    ['07412 3', 5],
  ],
  DE: [
    ['030 2', 7],
    ['089 1', 7],
    ['040 3', 7],
    ['0151 2', 7],
    ['0170 1', 6],
    ['0176 9', 7],
  ],
  FR: [
    ['01 4', 7],
    ['04 7', 7],
    ['06 1', 7],
    ['07 8', 7],
    ['09 5', 7],
  ],
  AU: [
    ['02 9', 7],
    ['03 9', 7],
    ['07 3', 7],
    ['04 1', 7],
    ['04 3', 7],
  ],
  IN: [
    ['98', 8],
    ['99', 8],
    ['70', 8],
    ['022 2', 7],
    ['011 4', 7],
  ],
};

function countryCells(country: CountryCode, count: number): string[] {
  const next = random(country.charCodeAt(0) * 31 + country.charCodeAt(1));
  const starts = STARTS[country] as [string, number][];
  const cells: string[] = [];
  for (let i = 0; i < count; i++) {
    if (next() < 0.03) {
      cells.push(['', 'n/a', '12345', String(Math.floor(next() * 1e12)), 'call office'][Math.floor(next() * 5)] as string);
      continue;
    }
    const [start, rest] = starts[Math.floor(next() * starts.length)] as [string, number];
    let digits = start.replace(/ /g, '');
    for (let d = 0; d < rest; d++) digits += String(Math.floor(next() * 10));
    const parsed = parsePhoneNumberFromString(digits, country);
    const form = next();
    if (form < 0.45 && parsed) cells.push(parsed.formatNational());
    else if (form < 0.75 && parsed) cells.push(parsed.formatInternational());
    else if (form < 0.85 && parsed) cells.push(parsed.number);
    else cells.push(digits);
  }
  return cells;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

let sink = 0;
function timeOurs(cells: string[], country: CountryCode): number {
  const started = performance.now();
  for (const cell of cells) for (const check of checkPhoneCell(cell, country, { national: false })) if (check.valid) sink++;
  return performance.now() - started;
}
function timeLibrary(cells: string[], country: CountryCode): number {
  const started = performance.now();
  for (const cell of cells) {
    const parsed = parsePhoneNumberFromString(cell, country);
    if (parsed?.isValid() && parsed.number && parsed.getType() !== undefined) sink++;
  }
  return performance.now() - started;
}

const sets: [CountryCode, string[]][] = [['US', messyPhones(1_000_000)], ...(['GB', 'DE', 'FR', 'AU', 'IN'] as const).map((c): [CountryCode, string[]] => [c, countryCells(c, 200_000)])];
for (const [country, cells] of sets) {
  // One warm-up each (compiled metadata, JIT), then alternating rounds.
  timeOurs(cells.slice(0, 20_000), country);
  timeLibrary(cells.slice(0, 20_000), country);
  const ours: number[] = [];
  const library: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    ours.push(timeOurs(cells, country));
    library.push(timeLibrary(cells, country));
  }
  console.log(JSON.stringify({ country, cells: cells.length, oursMs: Math.round(median(ours)), libraryMs: Math.round(median(library)) }));
}
if (sink < 0) console.log(sink);
