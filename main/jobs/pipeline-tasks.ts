/**
 * The pipeline's long tasks as plain async functions: what the worker thread runs, and what
 * a test can call directly. Each takes plain data and reports progress through a callback.
 */
import type { CheckSummary, Problem } from '../../shared/check/list-checker';
import { describeMapping, parseCountry, prepareList, type MappingRequest, type PreparedList } from '../mapping/prepare-list';
import { runListCheck } from '../checking/run-list-check';
import { analyzeLayout, type TableLayout } from '../mapping/table-layout';
import { openTable, type OpenedTable } from '../reading/open-table';
import { ROW_CELL_SEPARATOR } from '../reading/table-rows';
import { ProfileStore } from '../config/profile-store';
import { columnLabel } from '../../shared/mapping/column-ref';
import { sendList, type SendOptions } from './send-list';
import { fetchResults } from '../results/fetch-results';
import { accountConnector } from '../sending/sftp-session';
import { joinResults } from '../results/join-results';

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
  request: MappingRequest;
  configDir: string;
}

/** A send in the worker: the plain-data part of SendOptions (the secret is read by main; never logged). */
export type SendTask = { kind: 'send' } & Pick<SendOptions, 'path' | 'request' | 'account' | 'secret' | 'keyword' | 'configDir'>;

/** Waits for the results of an upload, fetches them, and joins them to the rows of its source file. */
export type ResultsTask = { kind: 'results'; remoteName: string; simulated: boolean; timeoutMs?: number } & Pick<
  SendOptions,
  'path' | 'request' | 'account' | 'secret' | 'configDir'
>;

/** Reads every row of a table for the preview grid, in batches of cells joined by ROW_CELL_SEPARATOR. */
export interface LoadTask {
  kind: 'load';
  path: string;
  sheet?: string;
}

export type PipelineTask = InspectTask | CheckTask | SendTask | ResultsTask | LoadTask;


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
  const { account } = task;
  const results = await fetchResults({
    connect: accountConnector(account, task.secret),
    resultsDir: account.resultsDir,
    remoteName: task.remoteName,
    signal,
    ...(task.simulated ? { intervalMs: 200 } : {}),
    ...(task.timeoutMs !== undefined ? { timeoutMs: task.timeoutMs } : {}),
    onWaiting: (elapsed) => progress({ phase: 'wait', done: elapsed, total: null }),
  });
  const list = await prepareList(task.path, task.request, new ProfileStore(task.configDir));
  const joined = await joinResults(list, results);
  return {
    simulated: task.simulated,
    counts: joined.counts,
    numbers: joined.numbers.slice(0, JOINED_LIMIT).map(({ cells: _cells, ...number }) => number),
    numbersTruncated: joined.numbers.length > JOINED_LIMIT,
  };
}

export interface TaskProgress {
  phase: 'check' | 'upload' | 'wait' | 'load';
  done: number;
  total: number | null;
}

export async function runSendTask(task: SendTask, progress: (p: TaskProgress) => void, signal: AbortSignal) {
  const result = await sendList({
    path: task.path,
    request: task.request,
    account: task.account,
    secret: task.secret,
    keyword: task.keyword,
    configDir: task.configDir,
    signal,
    onProgress: (p) => progress({ phase: 'upload', done: p.bytes, total: p.total }),
    onCheckProgress: (rowsRead) => progress({ phase: 'check', done: rowsRead, total: null }),
  });
  return { remoteName: result.remoteName, remotePath: result.remotePath, bytes: result.bytes, numbers: result.numbers, seconds: result.seconds, attempts: result.attempts };
}

/** What `inspect` says of a table: format, sheets, header row, columns with suggested roles, suggested mapping. */
export function describeTable(table: OpenedTable, layout: TableLayout) {
  const label = (i: number) => columnLabel(i, layout.headers);
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
    suggestion: { mode: layout.suggestion.mode, phone: layout.suggestion.phone.map(label), tags: layout.suggestion.tags.map(label) },
  };
}

/** What `check` says of the list it checked, besides the counts. */
export function describeCheck(list: PreparedList) {
  return {
    file: list.table.file,
    sheet: list.table.sheet,
    headerRow: list.layout.headerRow,
    mapping: describeMapping(list.mapping, list.layout.headers),
    profile: list.profile,
  };
}

export async function runInspectTask(task: InspectTask) {
  const table = await openTable(task.path, task.sheet === undefined ? {} : { sheet: task.sheet });
  return { ...describeTable(table, analyzeLayout(table, parseCountry(task.country ?? 'US'), task.headerRow)), preview: table.sample };
}

export async function runCheckTask(task: CheckTask, progress: (rowsRead: number) => void, signal?: AbortSignal) {
  const list = await prepareList(task.path, task.request, new ProfileStore(task.configDir));
  const problems: Problem[] = [];
  const summary: CheckSummary = await runListCheck(list, {
    problem: (problem) => {
      if (problems.length < PROBLEM_LIMIT) problems.push(problem);
    },
    progress,
    ...(signal ? { signal } : {}),
  });
  return {
    ...describeCheck(list),
    summary,
    problems,
    problemsTruncated: problems.length >= PROBLEM_LIMIT,
  };
}
