/**
 * `npm run bench`: generates its data (a 1,000,000-row CSV of about 100 MB with one phone
 * column in six clean US formats, the messy 1,000,000-row CSV of messy-data.ts, a 200,000-row
 * XLSX, and the messy rows' first 200,000 as a workbook saved the way Excel saves one) in
 * bench-data/, then runs each task in a fresh process (seven rounds of every task; the median
 * counts), ours and the peer's side by side, and prints time, rows/s, peak RSS, the ratio to
 * the peer of the same file in the same round (papaparse, exceljs) and to our parse floor.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as XLSX from 'xlsx';
import { generateMessyCsv, generateMessyXlsx } from './messy-data';

const root = resolve(import.meta.dirname, '../..');
const dataDir = join(root, 'bench-data');
const CSV_ROWS = 1_000_000;
const XLSX_ROWS = 200_000;

const FORMATS = [
  (a: number, b: number, c: string) => `(${a}) ${b}-${c}`,
  (a: number, b: number, c: string) => `${a}-${b}-${c}`,
  (a: number, b: number, c: string) => `${a}.${b}.${c}`,
  (a: number, b: number, c: string) => `+1 ${a} ${b} ${c}`,
  (a: number, b: number, c: string) => `1${a}${b}${c}`,
  (a: number, b: number, c: string) => `${a}${b}${c}`,
];
const AREAS = [201, 212, 305, 310, 312, 415, 503, 617, 646, 702, 718, 917];

/** A deterministic, realistic US number for row i: unique per row, in one of six formats. */
function phone(i: number): string {
  const area = AREAS[i % AREAS.length] as number;
  const exchange = 200 + (Math.floor(i / AREAS.length) % 800);
  const line = String(Math.floor(i / (AREAS.length * 800)) % 10000).padStart(4, '0');
  return (FORMATS[(i * 7) % FORMATS.length] as (typeof FORMATS)[number])(area, exchange, line);
}

async function generateCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('Contact ID,First Name,Last Name,Email,Mobile Phone,Region,Notes\n');
  let chunk = '';
  for (let i = 0; i < CSV_ROWS; i++) {
    chunk += `${100000 + i},Ann${i},Smith${i},ann.smith${i}@example.com,${phone(i)},Region ${i % 7},"Met at the fair, ${(i % 12) + 1}/2026"\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((r) => out.once('finish', () => r()));
}

function generateXlsx(path: string): void {
  const rows: (string | number)[][] = [['First Name', 'Last Name', 'Mobile', 'Segment']];
  for (let i = 0; i < XLSX_ROWS; i++) rows.push([`Ann${i}`, `Smith${i}`, phone(i), `Segment ${i % 9}`]);
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'Contacts');
  writeFileSync(path, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}

type Measurement = { task: string; ms: number; rows: number; peakRssMb: number };

/** The bundled CLI, as an installed app runs it (built by `npm run build`). */
const BUNDLED_CLI = join(root, 'out/main/txp.js');

/**
 * The CLI as a user runs it (`node bin/txp.mjs …` from the checkout, through tsx; or the
 * bundled out/main/txp.js): wall time of the whole process, its peak memory read at exit by a
 * preloaded hook.
 */
function measureCli(task: string, args: string[], entry = join(root, 'bin/txp.mjs'), rows = CSV_ROWS): Measurement {
  const memory = join(dataDir, 'peak.txt');
  const started = performance.now();
  execFileSync(process.execPath, [entry, ...args], {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, NODE_OPTIONS: `--require ${join(root, 'test/support/report-peak-memory.cjs')}`, TXP_PEAK_MEMORY_FILE: memory, TXP_CONFIG_DIR: join(dataDir, 'config') },
  });
  const ms = performance.now() - started;
  return { task, ms, rows, peakRssMb: Math.round(Number(readFileSync(memory, 'utf8')) / 1024) };
}

/** One run of a task in a fresh process. */
function measureOnce(task: string, file: string): Measurement {
  const output = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'test/bench/measure.ts'), task, file], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(output.trim().split('\n').pop() as string) as Measurement;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

/** Rounds of every task, each in a fresh process; the median counts (this machine is noisy). BENCH_ROUNDS=1 for a quick look. */
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);

mkdirSync(dataDir, { recursive: true });
const csv = join(dataDir, 'contacts-1m.csv');
const xlsx = join(dataDir, 'contacts-200k.xlsx');
if (!existsSync(csv)) {
  console.log(`Generating ${csv} …`);
  await generateCsv(csv);
}
const messy = join(dataDir, 'contacts-1m-messy.csv');
if (!existsSync(messy)) {
  console.log(`Generating ${messy} …`);
  await generateMessyCsv(messy, CSV_ROWS);
}
if (!existsSync(xlsx)) {
  console.log(`Generating ${xlsx} …`);
  generateXlsx(xlsx);
}
const messyXlsx = join(dataDir, 'contacts-200k-messy.xlsx');
if (!existsSync(messyXlsx)) {
  console.log(`Generating ${messyXlsx} …`);
  generateMessyXlsx(messyXlsx, XLSX_ROWS);
}
const bundled = existsSync(BUNDLED_CLI);
if (!bundled) console.log('The bundled CLI is not built: its rows are left out (run "npm run build" first).');

const runs = [
  ['CSV parse floor: papaparse streaming (peer)', 'papaparse-stream', csv],
  ['CSV parse floor: ours (streaming, RFC 4180)', 'parse-floor', csv],
  ['CSV time to first preview (inspect)', 'inspect-preview', csv],
  ['CSV all rows in memory: papaparse whole file (peer)', 'papaparse-all-rows', csv],
  ['CSV all rows for the grid (worker + rows kept in main)', 'grid-load', csv],
  ['XLSX first rows: SheetJS sheetRows:100 (peer)', 'sheetjs-preview', xlsx],
  ['XLSX time to first preview (inspect)', 'inspect-preview', xlsx],
  ['CSV check (every number)', 'check', csv],
  ['CSV convert (check + write Preformatted)', 'convert', csv],
  ['CSV txp check, whole CLI process', 'cli-check', csv],
  ['CSV txp convert, whole CLI process', 'cli-convert', csv],
  ['Messy CSV parse floor: papaparse streaming (peer)', 'papaparse-stream', messy],
  ['Messy CSV parse floor: ours', 'parse-floor', messy],
  ['Messy CSV check (every number)', 'check', messy],
  ['Messy CSV convert (check + write Preformatted)', 'convert', messy],
  ['Messy CSV txp check, whole CLI process', 'cli-check', messy],
  ['Messy CSV txp convert, whole CLI process', 'cli-convert', messy],
  ...(bundled
    ? ([
        ['Messy CSV txp check, bundled CLI', 'bundled-check', messy],
        ['Messy CSV txp convert, bundled CLI', 'bundled-convert', messy],
      ] as const)
    : []),
  ['Messy XLSX (200,000 rows): exceljs streaming read (peer)', 'exceljs-stream', messyXlsx],
  ['Messy XLSX txp convert, whole CLI process', 'cli-convert', messyXlsx],
  ...(bundled ? ([['Messy XLSX txp convert, bundled CLI', 'bundled-convert', messyXlsx]] as const) : []),
] as const;

/** The peer task every ratio of a file is taken to: papaparse for a CSV, exceljs for a workbook. */
const peerOf = (file: string) => (file.endsWith('.xlsx') ? 'exceljs-stream' : 'papaparse-stream');

/** A task: `cli-COMMAND` and `bundled-COMMAND` run that txp command as a whole process; any other runs in measure.ts. */
function measure(task: string, file: string): Measurement {
  const cli = /^(cli|bundled)-(check|convert)$/.exec(task);
  if (!cli) return measureOnce(task, file);
  const entry = cli[1] === 'bundled' ? BUNDLED_CLI : undefined;
  const rows = file.endsWith('.xlsx') ? XLSX_ROWS : CSV_ROWS;
  const convert = cli[2] === 'convert' ? ['--tag', file === csv ? 'Region' : 'Tag', '-o', join(dataDir, 'converted.csv')] : [];
  return measureCli(task, [cli[2] as string, file, '--phone', 'Mobile Phone', ...convert], entry, rows);
}

// Round by round, every task once, so that a slow spell of the machine falls on all of them
// alike; a ratio to the parse floor is taken within each round, and the median ratio counts.
const rounds: Measurement[][] = runs.map(() => []);
for (let round = 0; round < ROUNDS; round++) runs.forEach(([, task, file], i) => rounds[i]?.push(measure(task, file)));
/** The same file's floor run of each round: ours, and papaparse's (the peer every ratio is taken to). */
const floorOf = (task: string, file: string) => rounds[runs.findIndex(([, t, f]) => t === task && f === file)] ?? [];
const results = runs.map(([label, task, file], i) => {
  const own = rounds[i] ?? [];
  const floor = floorOf('parse-floor', file);
  const papa = floorOf(peerOf(file), file);
  return {
    label,
    task,
    file,
    ms: median(own.map((m) => m.ms)),
    rows: own[0]?.rows ?? 0,
    peakRssMb: Math.max(...own.map((m) => m.peakRssMb)),
    timesFloor: median(own.map((m, r) => m.ms / (floor[r]?.ms ?? m.ms))),
    timesPapaparse: papa.length > 0 ? median(own.map((m, r) => m.ms / (papa[r]?.ms ?? m.ms))) : null,
    runsMs: own.map((m) => m.ms),
  };
});
console.log(
  `\n| task | time (median of ${ROUNDS}) | rows/s | peak RSS (highest) | × the peer, same file, same round (median): papaparse streaming for a CSV, exceljs streaming for a workbook | × our parse floor (median) |\n| --- | ---: | ---: | ---: | ---: | ---: |`,
);
for (const r of results) {
  const perSecond = !r.task.includes('preview') && r.rows > 0 && r.ms > 0 ? Math.round((r.rows / r.ms) * 1000).toLocaleString('en-US') : '–';
  console.log(
    `| ${r.label} | ${(r.ms / 1000).toFixed(2)} s | ${perSecond} | ${r.peakRssMb} MB | ${r.timesPapaparse !== null ? `${r.timesPapaparse.toFixed(2)}×` : '–'} | ${r.file.endsWith('.xlsx') ? '–' : `${r.timesFloor.toFixed(2)}×`} |`,
  );
}
for (const [goal, task, file, limit] of [
  ['messy CSV txp convert', 'cli-convert', messy, 2],
  ['messy CSV txp check', 'cli-check', messy, 1.8],
  ['messy CSV txp convert (bundled)', 'bundled-convert', messy, 2],
  ['messy CSV txp check (bundled)', 'bundled-check', messy, 1.8],
  ['messy XLSX txp convert', 'cli-convert', messyXlsx, 0.5],
  ['messy XLSX txp convert (bundled)', 'bundled-convert', messyXlsx, 0.5],
] as const) {
  const r = results.find((x) => x.task === task && x.file === file);
  const peer = file === messyXlsx ? 'exceljs' : 'papaparse';
  if (r?.timesPapaparse) console.log(`${goal}: ${r.timesPapaparse.toFixed(2)}× ${peer} (goal ≤ ${limit}×), peak ${r.peakRssMb} MB${file === messy ? ' (goal < 300 MB)' : ''}`);
}
// Phone checking alone, one core: ours against plain libphonenumber-js over the same cells.
{
  const output = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'test/bench/phone-bench.ts'), String(Math.max(3, Math.min(ROUNDS, 5)))], { cwd: root, encoding: 'utf8' });
  console.log('\n| phone checking, one core (median of rounds) | cells | ours, numbers/s | plain libphonenumber-js, numbers/s | × faster |\n| --- | ---: | ---: | ---: | ---: |');
  for (const line of output.trim().split('\n')) {
    const r = JSON.parse(line) as { country: string; cells: number; oursMs: number; libraryMs: number };
    const rate = (ms: number) => Math.round((r.cells / ms) * 1000).toLocaleString('en-US');
    console.log(
      `| ${r.country === 'US' ? "US, the messy export's phone column" : `${r.country} default`} | ${r.cells.toLocaleString('en-US')} | ${rate(r.oursMs)} | ${rate(r.libraryMs)} | ${(r.libraryMs / r.oursMs).toFixed(1)}× |`,
    );
  }
}
// The preview in real Chromium through the browser harness (needs the built renderer and /usr/bin/chromium).
if (existsSync(join(root, 'out/renderer/index.html')) && existsSync('/usr/bin/chromium')) {
  // The built workers, as in the desktop app (from the sources each worker would compile TypeScript first).
  const output = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'test/bench/ui-bench.ts'), csv, '3'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TXP_BUILT_WORKERS: '1' },
  });
  const ui = output
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, number>);
  const seconds = (key: string) => median(ui.map((u) => u[key] as number)) / 1000;
  console.log('\n| 1,000,000-row CSV in the app window (Chromium; median of 3) | first rows on screen | every row in the grid |\n| --- | ---: | ---: |');
  console.log(`| opened by File › Open… (read in place, as in the desktop app) | ${seconds('menuFirstRowsMs').toFixed(2)} s | ${seconds('menuAllRowsMs').toFixed(2)} s |`);
  console.log(`| opened by the browser's file picker (copies 105 MB to the harness first) | ${seconds('pickerFirstRowsMs').toFixed(2)} s | ${seconds('pickerAllRowsMs').toFixed(2)} s |`);
} else {
  console.log('\nUI benchmark skipped: run "npm run build" first (and install Chromium).');
}
// Upload: our whole send path against OpenSSH's sftp, 100 MB over loopback (needs root for the test server).
let upload: { round: number; connectSeconds: number; oursSeconds: number; opensshSeconds: number }[] = [];
if (process.getuid?.() === 0) {
  const output = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'test/bench/upload-bench.ts')], { cwd: root, encoding: 'utf8' });
  upload = output
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  const ours = median(upload.map((u) => u.oursSeconds));
  const theirs = median(upload.map((u) => u.opensshSeconds));
  const ratios = upload.map((u) => u.oursSeconds / u.opensshSeconds);
  console.log(`\n| upload 100 MB to OpenSSH on loopback (median of ${upload.length}) | time | MB/s |\n| --- | ---: | ---: |`);
  console.log(`| ours: connect, manifest, .part, size check, rename | ${ours.toFixed(2)} s | ${(100 / ours).toFixed(0)} |`);
  console.log(`| OpenSSH sftp -b put (peer, whole process) | ${theirs.toFixed(2)} s | ${(100 / theirs).toFixed(0)} |`);
  console.log(`| of which our connection set-up | ${median(upload.map((u) => u.connectSeconds)).toFixed(2)} s | |`);
  console.log(`\nRatio ours / OpenSSH, median of the rounds: ${median(ratios).toFixed(2)} (round by round: ${ratios.map((r) => r.toFixed(2)).join(', ')}; goal ≤ 0.8)`);
} else {
  console.log('\nUpload benchmark skipped: it starts an OpenSSH server with its own test user, which needs root.');
}
writeFileSync(join(dataDir, 'results.json'), JSON.stringify({ date: new Date().toISOString(), results, upload }, null, 2));
