/**
 * After an upload, the real TextPower path (textpower-service.md §7.1): wait until the file
 * is gone from the drop folder ("processed", as TextPower documents it), then, where the
 * account has web-service access, ask TextPower for each distinct number sent, and join what
 * it says to the record of the send. Without API access, or when the service does not offer
 * the status operation, the results end at "processed" with what this app knows itself
 * (sent, removed, not sent and why). Nothing is invented: what no source says is unknown.
 */
import type { Account } from '../../shared/accounts/account';
import { textPowerNumber } from '../../shared/formats/textpower-number';
import { lineTypeAfterProcessing, optStateOf, UNKNOWN_LINE_TYPE_REASON, type StatusSource } from '../../shared/results/opt-status';
import type { SendRecord } from '../checking/send-record';
import type { PreparedList } from '../mapping/plan-list';
import { accountConnector } from '../sending/sftp-session';
import { joinResults, type JoinedNumber, type JoinOptions, type ResultCounts, type SentStatus } from './join-results';
import { TextPowerApi } from './textpower-api';
import { recordResultsSummary } from './results-summaries';
import { StatusProgress } from './status-progress';
import { waitProcessed, type Processed } from './wait-processed';

export interface CollectOptions extends JoinOptions {
  list: PreparedList;
  record: SendRecord;
  account: Account;
  /** The SFTP secret (to watch the drop folder). */
  secret: string | null;
  /** The API password; null when the account has no API access or none is saved. */
  apiPassword: string | null;
  remoteName: string;
  keyword: string | null;
  /** 'sandbox' when the account is the built-in sandbox: its answers are simulated, and said so. */
  serviceSource: Extract<StatusSource, 'textpower' | 'sandbox'>;
  /** How long to wait for "processed" (default 30 minutes), and the polling (5 s doubling to 60 s). */
  timeoutMs?: number;
  intervalMs?: number;
  maxIntervalMs?: number;
  /** The config folder: the answers so far are kept there (no number in them) so that a stopped run resumes, even in another process. */
  configDir?: string;
  signal?: AbortSignal;
  onProgress?: (phase: 'wait' | 'status', done: number, total: number | null) => void;
  /** API call tuning (tests): per-call time-out and first backoff. */
  api?: { timeoutMs?: number; backoffMs?: number; attempts?: number };
}

export interface CollectedResults {
  processed: Processed;
  /** Where the per-number opt status came from; 'none' with `statusNote` saying why. */
  statusSource: StatusSource;
  statusNote: string | null;
  numbers: JoinedNumber[];
  counts: ResultCounts;
  total: number;
}

export async function collectResults(options: CollectOptions): Promise<CollectedResults> {
  const collected = await collect(options);
  // History says what the run found (counts only); a summary that cannot be written costs only that line.
  if (options.configDir) await recordResultsSummary(options.configDir, options.account.name, options.remoteName, collected).catch(() => undefined);
  return collected;
}

async function collect(options: CollectOptions): Promise<CollectedResults> {
  const { account, record, remoteName } = options;
  const signal = options.signal ?? new AbortController().signal;
  const processed = await waitProcessed({
    connect: accountConnector(account, options.secret),
    uploadDir: account.uploadDir,
    remoteName,
    signal,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
    ...(options.maxIntervalMs !== undefined ? { maxIntervalMs: options.maxIntervalMs } : {}),
    onWaiting: (elapsed) => options.onProgress?.('wait', elapsed, null),
  });
  const join = (statusOf: (e164: string, removal: boolean) => SentStatus) =>
    joinResults(options.list, record, statusOf, { ...(options.limit !== undefined ? { limit: options.limit } : {}), ...(options.cells ? { cells: true } : {}) });
  const known =
    (note: string) =>
    (_e164: string, removal: boolean): SentStatus => ({
      lineType: 'unknown',
      optStatus: 'unknown',
      source: 'none',
      detail: `${removal ? 'sent as a removal' : 'sent to be added'}; ${note}`,
    });
  if (!processed.processed) {
    const note = `TextPower has not confirmed processing yet (still in the drop folder after ${processed.waitedSeconds} s)`;
    return { processed, statusSource: 'none', statusNote: `${note}. Check later: txp results ${remoteName} --account "${account.name}".`, ...(await join(known('not confirmed processed yet'))) };
  }
  if (!account.api || !options.apiPassword) {
    const note = account.api ? 'no API password is saved for this account' : 'this account has no TextPower web-service access set up';
    return { processed, statusSource: 'none', statusNote: `Per-number status is not available: ${note}.`, ...(await join(known('processed; per-number status not available from TextPower'))) };
  }
  const api = await TextPowerApi.connect({ access: account.api, password: options.apiPassword, keyword: options.keyword }, { signal, ...options.api });
  const problem = api.statusOperationProblem();
  if (problem) {
    return { processed, statusSource: 'none', statusNote: problem, ...(await join(known('processed; per-number status not available from TextPower’s service'))) };
  }
  const asked = distinctSent(record);
  const answers = await askAll(api, asked, options);
  const source = options.serviceSource;
  const statusOf = (e164: string, removal: boolean): SentStatus => {
    const raw = answers.get(textPowerNumber(e164));
    if (raw === undefined) return known('no answer from the service')(e164, removal);
    const { state, level } = optStateOf(raw);
    const lineType = lineTypeAfterProcessing(state);
    const words = `${state === 'opted_in' && level ? `opted in (${level})` : state.replace(/_/g, ' ')}${lineType === 'unknown' ? `; line type unknown: ${UNKNOWN_LINE_TYPE_REASON}` : ''}`;
    return { lineType, optStatus: state, source, detail: `${removal ? 'sent as a removal' : 'sent'}; ${words}; the service said: ${raw}` };
  };
  return { processed, statusSource: source, statusNote: null, ...(await join(statusOf)) };
}

/**
 * Asks the service about each number, resuming from what an earlier run of the same upload
 * was told (kept on disk, saved about once a second and when the run stops; gone when done).
 */
async function askAll(api: TextPowerApi, asked: string[], options: CollectOptions): Promise<Map<string, string>> {
  const progress = options.configDir ? StatusProgress.for(options.configDir, options.account.name, options.remoteName, asked, options.keyword) : null;
  const answers = (await progress?.load()) ?? new Map<string, string>();
  let saving: Promise<void> = Promise.resolve();
  let savedAt = Date.now();
  const save = (): Promise<void> => {
    savedAt = Date.now();
    // One write at a time; a failed write only means less to resume from.
    saving = saving.then(() => progress?.save(answers)).catch(() => undefined);
    return saving;
  };
  try {
    await api.statuses(asked, answers, ({ number, raw }, done) => {
      answers.set(number, raw);
      if (progress && Date.now() - savedAt >= SAVE_EVERY_MS) void save();
      options.onProgress?.('status', done.done, done.total);
    });
  } catch (error) {
    await save();
    throw error;
  }
  await saving;
  await progress?.remove();
  return answers;
}

/** How often the answers so far are written down during a run. */
const SAVE_EVERY_MS = 1000;

/** Each distinct number the send wrote (to add or to remove), as TextPower is asked about it (its documented form). */
function distinctSent(record: SendRecord): string[] {
  const seen = new Set<string>();
  for (let i = 0; i < record.length; i++) {
    const entry = record.at(i);
    if ((entry.kind === 'sent' || entry.kind === 'removed') && entry.e164) seen.add(textPowerNumber(entry.e164));
  }
  return [...seen];
}
