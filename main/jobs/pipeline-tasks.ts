/**
 * The pipeline's long tasks as plain async functions: what the worker thread runs, and what
 * a test can call directly. Each takes plain data and reports progress through a callback.
 */
import type { CheckSummary, Problem } from '../../shared/check/list-checker';
import type { ListPlan, PlanRequest } from '../../shared/mapping/list-plan';
import { describeCheck, followPlan, parseCountry, planList } from '../mapping/plan-list';
import { runListCheck } from '../checking/run-list-check';
import { recordList, SendRecord, type SendRecordData } from '../checking/send-record';
import { RowBytes } from '../writing/atomic-file-writer';
import { analyzeLayout, shortened, type TableLayout } from '../mapping/table-layout';
import { openTable, type OpenedTable } from '../reading/open-table';
import { ROW_CELL_SEPARATOR } from '../reading/table-rows';
import { ProfileStore } from '../config/profile-store';
import { sendList, sendReport, type SendOptions } from './send-list';
import { collectResults } from '../results/collect-results';

export const PROBLEM_LIMIT = 1000;

export interface InspectTask {
  kind: 'inspect';
  path: string;
  sheet?: string;
  country?: string;
  /** The header row as the user set it (1-based); detected when absent. */
  headerRow?: number;
}

export interface CheckTask {
  kind: 'check';
  path: string;
  request: PlanRequest;
  configDir: string;
}

/** The first lines of the file a plan would send, for the Map screen: the real checker and writer on the table's first rows. */
export interface PreviewTask {
  kind: 'preview';
  path: string;
  request: PlanRequest;
  configDir: string;
}

/** A send in the worker, under the plan the page checked: the plain-data part of SendOptions (the secret is read by main; never logged). */
export type SendTask = { kind: 'send'; path: string; plan: ListPlan } & Pick<SendOptions, 'account' | 'secret' | 'keyword' | 'configDir'>;

/**
 * Waits for the results of an upload, fetches them, and joins them to the record of what the
 * send did (`record`; rebuilt by the same checker, under the same plan, when main no longer has it).
 */
export type ResultsTask = {
  kind: 'results';
  path: string;
  plan: ListPlan;
  record: SendRecordData | null;
  remoteName: string;
  keyword: string | null;
  /** The API password (read by main from the keychain; never logged). */
  apiPassword: string | null;
  simulated: boolean;
  timeoutMs?: number;
} & Pick<SendOptions, 'account' | 'secret' | 'configDir'>;

/** Reads every row of a table for the preview grid, in batches of cells joined by ROW_CELL_SEPARATOR. */
export interface LoadTask {
  kind: 'load';
  path: string;
  sheet?: string;
}

export type PipelineTask = InspectTask | CheckTask | PreviewTask | SendTask | ResultsTask | LoadTask | ReportTask;

/** Streams a table's rows as joined strings (cheap to pass between threads and to keep). */
export async function runLoadTask(task: LoadTask, batch: (rows: string[]) => void, progress: (p: TaskProgress) => void, signal: AbortSignal) {
  const table = await openTable(task.path, task.sheet === undefined ? {} : { sheet: task.sheet });
  let rows = 0;
  let columns = 0;
  for await (const chunk of table.rows()) {
    if (signal.aborted) break;
    batch(
      chunk.map((row) => {
        if (row.length > columns) columns = row.length;
        return row.map((cell) => (cell.includes(ROW_CELL_SEPARATOR) ? cell.replaceAll(ROW_CELL_SEPARATOR, ' ') : cell)).join(ROW_CELL_SEPARATOR);
      }),
    );
    rows += chunk.length;
    progress({ phase: 'load', done: rows, total: null });
  }
  return { rows, columns };
}

/** At most this many joined numbers cross to the page; the counts cover them all. */
export const JOINED_LIMIT = 5000;

export async function runResultsTask(task: ResultsTask, progress: (p: TaskProgress) => void, signal: AbortSignal) {
  const list = await followPlan(task.path, task.plan);
  const record = task.record ? new SendRecord(task.record) : await recordList(list, signal);
  const collected = await collectResults({
    list,
    record,
    account: task.account,
    secret: task.secret,
    apiPassword: task.apiPassword,
    remoteName: task.remoteName,
    keyword: task.keyword,
    serviceSource: task.simulated ? 'sandbox' : 'textpower',
    signal,
    configDir: task.configDir,
    limit: JOINED_LIMIT,
    ...(task.simulated ? { intervalMs: 200, maxIntervalMs: 1000 } : {}),
    ...(task.timeoutMs !== undefined ? { timeoutMs: task.timeoutMs } : {}),
    onProgress: (phase, done, total) => progress({ phase, done, total }),
  });
  return {
    simulated: task.simulated,
    processed: collected.processed,
    statusSource: collected.statusSource,
    statusNote: collected.statusNote,
    counts: collected.counts,
    numbers: collected.numbers.map(({ cells: _cells, ...number }) => number),
    numbersTruncated: collected.total > JOINED_LIMIT,
  };
}

export interface TaskProgress {
  phase: 'check' | 'upload' | 'wait' | 'status' | 'load';
  done: number;
  total: number | null;
}

export async function runSendTask(task: SendTask, progress: (p: TaskProgress) => void, signal: AbortSignal) {
  const result = await sendList({
    list: await followPlan(task.path, task.plan),
    account: task.account,
    secret: task.secret,
    keyword: task.keyword,
    configDir: task.configDir,
    signal,
    onProgress: (p) => progress({ phase: 'upload', done: p.bytes, total: p.total }),
    onCheckProgress: (rowsRead) => progress({ phase: 'check', done: rowsRead, total: null }),
  });
  return {
    ...sendReport(result),
    record: result.record.toData(),
  };
}

/** What `inspect` says of a table: format, sheets, header row, columns with suggested roles, suggested mapping. */
export function describeTable(table: OpenedTable, layout: TableLayout) {
  const column = (index: number) => ({ index, header: layout.headers[index]?.trim() ?? '' });
  return {
    file: table.file,
    format: table.format,
    encoding: table.encoding,
    delimiter: table.delimiter,
    sheets: table.sheets,
    sheet: table.sheet,
    headerRow: layout.headerRow,
    columns: layout.columns.map((c) => {
      const suggested = layout.suggestion.columns[c.index - 1];
      return { ...c, role: suggested?.role ?? 'ignore', reason: suggested?.reason ?? '' };
    }),
    suggestion: {
      mode: layout.suggestion.mode,
      phone: layout.suggestion.phone.map(column),
      tags: layout.suggestion.tags.map(column),
      countryHint: layout.suggestion.countryHint,
      removeWhen: layout.suggestion.removeWhen
        ? { column: column(layout.suggestion.removeWhen.index), values: layout.suggestion.removeWhen.values, reason: layout.suggestion.removeWhen.reason }
        : null,
    },
  };
}

export async function runInspectTask(task: InspectTask) {
  const table = await openTable(task.path, task.sheet === undefined ? {} : { sheet: task.sheet });
  // The page's first rows: a cell is cut at 2,000 characters for display (the file is read whole when checked).
  const preview = table.sample.map((row) => (row.some((cell) => cell.length > 2000) ? row.map((cell) => shortened(cell, 2000)) : row));
  return { ...describeTable(table, analyzeLayout(table, parseCountry(task.country ?? 'US'), task.headerRow)), preview };
}

/** Lines of the Preformatted file the Map screen shows. */
export const PREVIEW_LINES = 8;

/**
 * The first lines the real writer would write for a plan request: the plan made as a check
 * makes it, the table's first rows (its sample) through the same checker, and the rows
 * through the same encoder as the file sent.
 */
export async function runPreviewTask(task: PreviewTask) {
  const { saveProfile: _notFromAPreview, ...request } = task.request;
  const list = await planList(task.path, request, new ProfileStore(task.configDir));
  const bytes = new RowBytes();
  let lines = 0;
  await runListCheck(
    list,
    {
      row: (number, tags) => {
        if (lines++ < PREVIEW_LINES) bytes.writeRow(number, tags);
      },
    },
    [list.table.sample],
  );
  return { plan: list.plan, lines: bytes.text().split('\r\n').slice(0, -1), more: lines > PREVIEW_LINES };
}

export async function runCheckTask(task: CheckTask, progress: (rowsRead: number) => void, signal?: AbortSignal) {
  const list = await planList(task.path, task.request, new ProfileStore(task.configDir));
  const problems = new ProblemList(PROBLEM_LIMIT);
  const summary: CheckSummary = await runListCheck(list, {
    problem: (problem) => problems.add(problem),
    progress,
    ...(signal ? { signal } : {}),
  });
  return {
    ...describeCheck(list),
    summary,
    problems: problems.ordered(),
    problemsTruncated: problems.truncated,
  };
}

/** Every problem of a list, in the order people fix them (what will not be sent first, then duplicates, then the changes made): for the CSV report and the page's full list. */
export type ReportTask = { kind: 'report'; path: string; plan: ListPlan };

export async function runReportTask(task: ReportTask, progress: (rowsRead: number) => void, signal?: AbortSignal): Promise<{ problems: Problem[] }> {
  const list = await followPlan(task.path, task.plan);
  const problems = new ProblemList(Infinity);
  await runListCheck(list, { problem: (problem) => problems.add(problem), progress, ...(signal ? { signal } : {}) });
  return { problems: problems.ordered() };
}

/** Problems about what is sent (a change made, a number to look at), not reasons a number is not sent. */
const CHANGE_REASONS = new Set(['EXTENSION_REMOVED', 'INTERNATIONAL', 'MAY_HAVE_LOST_PLUS', 'TAG_CHANGED', 'TAG_DIGIT_LEADING', 'TAG_EMPTY', 'TAG_TRUNCATED']);

/**
 * Problems in the order people fix them: numbers that will not be sent, then duplicates (sent
 * once), then changes made (a tag cleaned, an extension dropped). Each kind is kept up to the
 * limit as they come, so a file full of duplicates still lists every invalid number.
 */
class ProblemList {
  private readonly kinds: [Problem[], Problem[], Problem[]] = [[], [], []];
  private count = 0;
  constructor(private readonly limit: number) {}
  add(problem: Problem): void {
    this.count++;
    const kind = this.kinds[problem.reason === 'DUPLICATE' ? 1 : CHANGE_REASONS.has(problem.reason) ? 2 : 0];
    if (kind.length < this.limit) kind.push(problem);
  }
  ordered(): Problem[] {
    return this.kinds.flat().slice(0, this.limit);
  }
  /** Some problems were found but are not in `ordered()`. */
  get truncated(): boolean {
    return this.count > this.ordered().length;
  }
}
