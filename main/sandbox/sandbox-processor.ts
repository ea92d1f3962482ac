/**
 * The sandbox's simulated TextPower processor (DESIGN.md §3, §4). It watches the upload
 * folder, ignores `*.part`, and for each completed upload: classifies every number, keeps a
 * per-keyword opt-in list in its folder, opts in mobiles, rejects landlines, refuses numbers
 * on its STOP list (their owners texted STOP), applies removals, writes
 * `results/NAME.results.csv` atomically (.part, then rename), and deletes the upload at once.
 * Everything it reports is simulated; it never crashes on bad input.
 *
 * The sandbox rule for North American numbers, whose mobile/landline split the numbering plan
 * does not show: a number ending in an even digit is a mobile, in an odd digit a landline.
 */
import { lstat, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { CRLF } from '../../shared/formats/csv-text';
import { rowDisposition } from '../../shared/mapping/detect-header-row';
import { checkPhoneCell, toCountryCode } from '../../shared/phone/check-phone-cell';
import { openTable } from '../reading/open-table';
import { RESULT_HEADER, type ResultLineType, type ResultOptStatus } from '../../shared/results/result-file';

export interface ResultRow {
  phone: string;
  line_type: ResultLineType;
  opt_status: ResultOptStatus;
  detail: string;
}

/** Seeded STOP list: these documented numbers act as if their owners had texted STOP. */
export const SEEDED_STOP_LIST = ['+12125550100', '+16465550111', '+13105550122'];
/** Seeded suspensions (simulated): suspended by an upload or the API, and suspended by the carrier (CAS). */
export const SEEDED_SUSPENDED = ['+12125550102'];
export const SEEDED_CARRIER_SUSPENDED = ['+12125550104'];
/** Keywords of the sandbox's campaign before any upload. */
export const SANDBOX_KEYWORDS = ['SANDBOX', 'DEMO'];

export interface SandboxProcessorOptions {
  /** The served tree: uploads arrive at its top, results go to `results/`. */
  root: string;
  /** Where the opt-in lists and the STOP list are kept. */
  stateDir: string;
  intervalMs?: number;
  /**
   * Also write `results/NAME.results.csv` (this project's own, simulated results file; TextPower
   * documents none). Off by default: like the real service, the sandbox then only deletes the
   * processed upload, and per-number status comes from its web service.
   */
  resultsFile?: boolean;
  /** How long an upload waits before it is processed (the real service takes a while). */
  processingDelayMs?: number;
  /** Called after each processed upload (for logs and tests). */
  onProcessed?: (name: string, rows: ResultRow[]) => void;
}

export class SandboxProcessor {
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(private readonly options: SandboxProcessorOptions) {}

  async start(): Promise<void> {
    await mkdir(join(this.options.root, 'results'), { recursive: true });
    await mkdir(this.options.stateDir, { recursive: true });
    const stopList = join(this.options.stateDir, 'stop-list.txt');
    await stat(stopList).catch(() => writeFile(stopList, ['# Sandbox STOP list: one E.164 number per line. Numbers here act as opted out by their owners.', ...SEEDED_STOP_LIST, ''].join('\n')));
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs ?? 250);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Processes every completed upload now (also what the timer does). */
  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const names = await readdir(this.options.root);
      for (const name of names) {
        if (name.endsWith('.part') || name.endsWith('.job.json') || name.endsWith('.alp.json') || name.startsWith('.')) continue;
        const path = join(this.options.root, name);
        // Only regular files: a symbolic link someone left in the folder is neither read nor removed.
        const info = await lstat(path).catch(() => null);
        if (!info?.isFile()) continue;
        if (this.options.processingDelayMs && Date.now() - info.mtimeMs < this.options.processingDelayMs) continue;
        await this.process(name).catch(() => undefined);
      }
    } finally {
      this.busy = false;
    }
  }

  private async process(name: string): Promise<void> {
    const path = join(this.options.root, name);
    // The job manifest; an ALP drop may carry its field map as NAME.alp.json instead.
    const manifestPath = (await stat(`${path}.job.json`).catch(() => null)) || !(await stat(`${path}.alp.json`).catch(() => null)) ? `${path}.job.json` : `${path}.alp.json`;
    let keyword = 'DEFAULT';
    let fieldMap: AlpFieldMap | null = null;
    try {
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { keyword?: unknown; drop?: unknown; fieldMap?: AlpFieldMap };
      if (typeof manifest.keyword === 'string' && manifest.keyword !== '') keyword = manifest.keyword;
      // An ALP drop is the original file, read with the field map; anything else is Preformatted.
      if ((manifest.drop === 'alp' || manifestPath.endsWith('.alp.json')) && manifest.fieldMap) fieldMap = manifest.fieldMap;
    } catch {
      // No manifest: the service's default keyword, a Preformatted file.
    }
    let rows: ResultRow[];
    try {
      const lines = fieldMap ? await alpNumbers(path, fieldMap) : preformattedNumbers(await readFile(path));
      rows = await this.classify(lines, keyword);
    } catch (error) {
      rows = [{ phone: '', line_type: 'invalid', opt_status: 'not_opted_in', detail: `malformed upload: ${error instanceof Error ? error.message : String(error)}` }];
    }
    const results = join(this.options.root, 'results', `${name}.results.csv`);
    if (this.options.resultsFile) {
      const text = RESULT_HEADER + CRLF + rows.map((r) => [r.phone, r.line_type, r.opt_status, r.detail].join(',') + CRLF).join('');
      await writeFile(`${results}.part`, text);
    }
    // The service's retention promise: the upload is deleted as soon as it is processed, before
    // its results appear, so whoever sees the results can count on the upload being gone.
    await rm(path, { force: true });
    await rm(manifestPath, { force: true });
    if (this.options.resultsFile) await rename(`${results}.part`, results);
    this.options.onProcessed?.(name, rows);
  }

  private async classify(numbers: readonly string[], keyword: string): Promise<ResultRow[]> {
    const optIns = await this.readOptIns();
    const list = new Set(optIns[keyword] ?? []);
    const removals = await this.readJson('removed.json');
    const removed = new Set(removals[keyword] ?? []);
    const stopped = await this.stopList();
    const rows: ResultRow[] = [];
    for (const first of numbers) {
      const removal = first.startsWith('-');
      const parsed = parsePhoneNumberFromString(removal ? first.slice(1) : first, 'US');
      if (!parsed || !parsed.isValid()) {
        rows.push({ phone: '', line_type: 'invalid', opt_status: 'not_opted_in', detail: 'invalid number' });
        continue;
      }
      const phone = parsed.number;
      const lineType = sandboxLineType(parsed.getType(), phone);
      if (removal) {
        list.delete(phone);
        removed.add(phone);
        rows.push({ phone, line_type: lineType, opt_status: stopped.has(phone) ? 'opted_out' : 'not_opted_in', detail: 'removed by upload' });
      } else if (stopped.has(phone)) {
        rows.push({ phone, line_type: lineType, opt_status: 'opted_out', detail: 'opted out by owner: cannot be re-added' });
      } else if (lineType !== 'mobile') {
        rows.push({ phone, line_type: lineType, opt_status: list.has(phone) ? 'opted_in' : 'not_opted_in', detail: 'not a mobile number' });
      } else if (list.has(phone)) {
        rows.push({ phone, line_type: lineType, opt_status: 'opted_in', detail: 'already opted in' });
      } else {
        list.add(phone);
        removed.delete(phone);
        rows.push({ phone, line_type: lineType, opt_status: 'opted_in', detail: 'added' });
      }
    }
    optIns[keyword] = [...list].sort();
    removals[keyword] = [...removed].sort();
    await writeFile(join(this.options.stateDir, 'optins.json'), JSON.stringify(optIns, null, 2) + '\n');
    await writeFile(join(this.options.stateDir, 'removed.json'), JSON.stringify(removals, null, 2) + '\n');
    return rows;
  }

  /** The keywords of the sandbox's campaign: the seeded ones and every keyword an upload used. */
  async keywords(): Promise<string[]> {
    return [...new Set([...SANDBOX_KEYWORDS, ...Object.keys(await this.readOptIns()), ...Object.keys(await this.readJson('removed.json'))])];
  }

  /**
   * A number's state on a keyword's list, in the help centre's words, as the sandbox's
   * ManageOptin answers a query (the answer's shape is SIMULATED; TextPower's is not public).
   */
  async statusOf(keyword: string, cellNumber: string): Promise<{ status: string; detail: string }> {
    const parsed = parsePhoneNumberFromString(cellNumber, 'US');
    if (!parsed || !parsed.isValid()) return { status: 'Not Found', detail: 'not a valid number' };
    const phone = parsed.number;
    const stopped = await this.stopList();
    if (stopped.has(phone)) return { status: 'Opted Out', detail: 'the owner texted STOP' };
    if (SEEDED_CARRIER_SUSPENDED.includes(phone)) return { status: 'CAS', detail: 'suspended by the carrier' };
    const optedIn = ((await this.readOptIns())[keyword] ?? []).includes(phone);
    if (optedIn && SEEDED_SUSPENDED.includes(phone)) return { status: 'Suspended', detail: 'suspended; the owner reactivates by texting the keyword' };
    if (optedIn) return { status: 'Single Opt-In', detail: 'on the list' };
    if (((await this.readJson('removed.json'))[keyword] ?? []).includes(phone)) return { status: 'Removed', detail: 'removed by the customer; can be added again' };
    return { status: 'No Opt-In', detail: 'not on the list' };
  }

  private async stopList(): Promise<Set<string>> {
    return new Set(
      (await readFile(join(this.options.stateDir, 'stop-list.txt'), 'utf8'))
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#')),
    );
  }

  private async readJson(name: string): Promise<Record<string, string[]>> {
    try {
      return JSON.parse(await readFile(join(this.options.stateDir, name), 'utf8')) as Record<string, string[]>;
    } catch {
      return {};
    }
  }

  private readOptIns(): Promise<Record<string, string[]>> {
    return this.readJson('optins.json');
  }
}

/** The field map of an ALP drop (DESIGN.md §3), as the client's manifest carries it. */
export interface AlpFieldMap {
  sheet: string | null;
  headerRow: number | null;
  phoneColumns: { column: number; header: string }[];
  defaultCountry: string;
}

/** Column A of every row of a Preformatted file. */
function preformattedNumbers(data: Buffer): string[] {
  if (data.includes(0)) throw new Error('not a text file');
  return data
    .toString('utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => (line.split(',')[0] ?? '').trim());
}

/** The numbers of an ALP drop: the original file read with the field map the customer set up. */
async function alpNumbers(path: string, fieldMap: AlpFieldMap): Promise<string[]> {
  const country = toCountryCode(fieldMap.defaultCountry) ?? 'US';
  const table = await openTable(path, fieldMap.sheet ? { sheet: fieldMap.sheet } : {});
  const numbers: string[] = [];
  let index = 0;
  for await (const batch of table.rows()) {
    for (const cells of batch) {
      if (index++ < (fieldMap.headerRow ?? 0) || rowDisposition(cells) !== 'data') continue;
      for (const { column } of fieldMap.phoneColumns) {
        for (const check of checkPhoneCell(cells[column - 1] ?? '', country)) numbers.push(check.e164 ?? check.input);
      }
    }
  }
  return numbers;
}

/** libphonenumber-js where the plan tells; the documented sandbox rule for NANP's fixed-line-or-mobile. */
export function sandboxLineType(type: string | undefined, e164: string): ResultLineType {
  switch (type) {
    case 'MOBILE':
      return 'mobile';
    case 'FIXED_LINE':
      return 'landline';
    case 'VOIP':
      return 'voip';
    case 'TOLL_FREE':
      return 'toll_free';
    case 'FIXED_LINE_OR_MOBILE':
      return Number(e164.at(-1)) % 2 === 0 ? 'mobile' : 'landline';
    default:
      return 'unknown';
  }
}
