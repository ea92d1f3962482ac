/**
 * A messy CRM export, as issue 15 describes what real ones hold (deterministic: a seed, no
 * clock): about 60 US area codes in the usual written forms (24 % "(AAA) EEE-SSSS", 15 %
 * "AAA.EEE.SSSS", 15 % "+1 AAA EEE SSSS", 10 % "1AAAEEESSSS", 15 % "AAA-EEE-SSSS", 10 %
 * "AAAEEESSSS", 3 % "+1 (AAA) EEE-SSSS"), 2 % with an extension, 1 % padded with spaces, and
 * about 5 % junk (7-digit local numbers, 555 and 1xx area codes, 000-000-0000, empty, n/a, 13
 * digits); some numbers repeat. Other columns: an id, names with non-ASCII letters, an e-mail,
 * a city with spaces (so most tags are cleaned), a tag.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import * as XLSX from 'xlsx';
import { random } from '../support/random';

const AREAS = [
  201, 202, 203, 205, 206, 207, 208, 210, 212, 213, 214, 215, 216, 217, 218, 219, 224, 225, 228, 229, 231, 234, 239, 240, 248, 251, 252, 253, 254, 256, 260, 262, 267, 269, 270, 276, 281, 301, 302,
  303, 304, 305, 307, 308, 309, 310, 312, 313, 314, 315, 316, 317, 318, 319, 320, 321, 323, 330, 334, 336,
];
const FIRST = ['Ann', 'José', 'Zoë', 'Björn', 'Chloé', 'Łukasz', 'Nuño', 'Ahmed', 'Mei', 'Søren', 'Olga', 'Renée'];
const LAST = ['Smith', 'Müller', 'García', 'Øvergård', 'Nguyễn', 'Kowalski', 'O’Brien', 'Dubois', 'Rossi', 'Ångström'];
const CITIES = ['New York', 'Los Angeles', 'San José', 'St. Louis', 'Fort Worth', 'Salt Lake City', 'Winston-Salem', 'Coeur d’Alene'];
const TAGS = ['VIP', 'Trade Show', 'Newsletter', 'Lead 2026', 'Gold', 'Île-de-France'];

/** One messy phone cell; `next` is the generator, `seen` earlier numbers to repeat now and then. */
function messyPhone(next: () => number, seen: string[]): string {
  if (seen.length > 100 && next() < 0.03) return seen[Math.floor(next() * seen.length)] as string;
  const junk = next();
  if (junk < 0.05) {
    const kind = Math.floor((junk / 0.05) * 7);
    const d = (n: number) => String(Math.floor(next() * 10 ** n)).padStart(n, '0');
    return [`${d(3)}-${d(4)}`, `(555) ${d(3)}-${d(4)}`, `(1${d(2)}) ${d(3)}-${d(4)}`, '000-000-0000', '', 'n/a', d(13)][kind] as string;
  }
  const a = AREAS[Math.floor(next() * AREAS.length)] as number;
  let e = 200 + Math.floor(next() * 800);
  if (e === 555) e = 556;
  const s = String(Math.floor(next() * 10000)).padStart(4, '0');
  const form = next();
  let cell =
    // The forms' shares of the file (24, 15, 15, 10, 15, 10, 3 %) as shares of its 95 % real numbers.
    form < 24 / 92
      ? `(${a}) ${e}-${s}`
      : form < 39 / 92
        ? `${a}.${e}.${s}`
        : form < 54 / 92
          ? `+1 ${a} ${e} ${s}`
          : form < 64 / 92
            ? `1${a}${e}${s}`
            : form < 79 / 92
              ? `${a}-${e}-${s}`
              : form < 89 / 92
                ? `${a}${e}${s}`
                : `+1 (${a}) ${e}-${s}`;
  const extra = next();
  if (extra < 0.02) cell += ` x${100 + Math.floor(next() * 900)}`;
  else if (extra < 0.03) cell = `  ${cell} `;
  if (seen.length < 5000) seen.push(cell);
  else if (next() < 0.001) seen[Math.floor(next() * seen.length)] = cell;
  return cell;
}

/** The phone column alone: `count` messy cells, the same mix and seed as the file's. */
export function messyPhones(count: number, seed = 15): string[] {
  const next = random(seed);
  const seen: string[] = [];
  const cells: string[] = [];
  for (let i = 0; i < count; i++) cells.push(messyPhone(next, seen));
  return cells;
}

const HEADER = ['Contact ID', 'First Name', 'Last Name', 'Email', 'Mobile Phone', 'City', 'Tag'];

/** The messy export's rows after its header, as cell texts (the same seed for the CSV and the workbook). */
export function* messyRows(rows: number): Generator<string[]> {
  const next = random(15);
  const seen: string[] = [];
  for (let i = 0; i < rows; i++) {
    const first = FIRST[Math.floor(next() * FIRST.length)] as string;
    const last = LAST[Math.floor(next() * LAST.length)] as string;
    const phone = messyPhone(next, seen);
    yield [String(100000 + i), first, last, `${first.toLowerCase()}.${i}@example.com`, phone, CITIES[Math.floor(next() * CITIES.length)] as string, TAGS[Math.floor(next() * TAGS.length)] as string];
  }
}

export async function generateMessyCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${HEADER.join(',')}\n`);
  let chunk = '';
  for (const row of messyRows(rows)) {
    chunk += `${row.map((cell) => (cell.includes(',') ? `"${cell}"` : cell)).join(',')}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((r) => out.once('finish', () => r()));
}

/**
 * The same messy rows as a workbook the way Excel saves one: deflated, text in the shared
 * strings table, and the ids and the phone cells of digits only as numbers (what Excel makes
 * of them when a CSV is opened and saved).
 */
export function generateMessyXlsx(path: string, rows: number): void {
  const table: (string | number)[][] = [HEADER];
  for (const row of messyRows(rows)) table.push(row.map((cell) => (/^\d{1,15}$/.test(cell) ? Number(cell) : cell)));
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(table), 'Contacts');
  writeFileSync(path, XLSX.write(book, { type: 'buffer', bookType: 'xlsx', bookSST: true, compression: true }) as Buffer);
}
