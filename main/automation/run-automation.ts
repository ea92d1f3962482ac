/**
 * One run of an automation: the matching files in its folder that have stopped growing are
 * sent, one after another, under its profile to its account and keyword, and moved to
 * `sent/` (or to `failed/`, with a one-line reason file beside them). A run that cannot reach
 * the server leaves the file where it is, for the next trigger. Two runs of one automation
 * never overlap (a lock file names the process that holds it). Every file's outcome is in
 * History. In mirror mode the list last sent is kept encrypted (mirror-state.ts) and replaced
 * only after an upload has succeeded.
 */
import { open, readdir, readFile, rename, rm, stat, mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import picomatch from 'picomatch';
import type { Automation } from '../../shared/accounts/automation';
import { automationSlug } from '../../shared/accounts/automation';
import { toTxpError, TxpError, type ErrorCode } from '../../shared/txp-error';
import type { AppServices } from '../jobs/app-services';
import { planList } from '../mapping/plan-list';
import { sendList } from '../jobs/send-list';
import { MirrorStore } from '../sending/mirror-state';
import { appendHistory } from '../sending/upload-history';
import { processAlive } from '../sending/temp-files';

export type FileOutcome =
  | { file: string; outcome: 'sent'; remoteName: string; numbers: number; removals: number; mirror: 'off' | 'recorded' | 'removed'; notice: string | null }
  /** Not sent, and moved to failed/ (the file itself is at fault: unreadable, empty, layout changed). */
  | { file: string; outcome: 'failed'; reason: string; code: ErrorCode }
  /** Not sent, left in place for the next trigger (server unreachable, login refused, removals to approve). */
  | { file: string; outcome: 'retry' | 'stopped'; reason: string; code: ErrorCode }
  /** Not taken this time: still being written, or an older export when the newest is sent. */
  | { file: string; outcome: 'waiting' | 'skipped'; reason: string };

export interface RunReport {
  automation: string;
  /** Another run of this automation held the lock: nothing was done. */
  overlapped: boolean;
  files: FileOutcome[];
}

export interface RunOptions {
  /** 'all': every ready file, oldest first; 'newest': only the newest, older ones to skipped/. By default, 'newest' for a daily automation, 'all' for a new-file one. */
  take?: 'all' | 'newest';
  /** The SFTP password when the keychain holds none (--password-stdin). */
  secret?: string | null;
  /** This run may remove any share of the list (the user looked and approved). */
  approveRemovals?: boolean;
  /** How long to watch a file's size before taking it; the automation's own setting unless given. */
  settleMs?: number;
  onFile?: (outcome: FileOutcome) => void;
  signal?: AbortSignal;
  /** What to tell the user to do when mirror mode stops to ask (default: the `txp automation run` way). */
  approveHint?: string;
  /** Mirror mode's store (tests give one with another key entry). */
  mirrorStore?: MirrorStore;
}

/** A file's outcome in a sentence, for people (the CLI's lines, the app's list and notifications). */
export function outcomeLine(outcome: FileOutcome): string {
  const name = basename(outcome.file);
  switch (outcome.outcome) {
    case 'sent': {
      const removals =
        outcome.mirror === 'recorded'
          ? ' Mirror mode: first run, so the list was only recorded; nothing was removed.'
          : outcome.mirror === 'removed'
            ? ` Mirror mode: ${outcome.removals.toLocaleString('en-US')} ${outcome.removals === 1 ? 'number that has' : 'numbers that have'} left the export since the last run sent as removals.`
            : '';
      return `Sent ${name}: ${outcome.numbers.toLocaleString('en-US')} numbers as ${outcome.remoteName}; moved to the “sent” folder.${removals}${outcome.notice ? ` ${outcome.notice}` : ''}`;
    }
    case 'failed':
      return `Not sent: ${name}: ${outcome.reason} Moved to the “failed” folder, with the reason beside it.`;
    case 'retry':
    case 'stopped':
      return `Not sent: ${name}: ${outcome.reason}`;
    case 'waiting':
      return `Not yet: ${name}: ${outcome.reason}.`;
    case 'skipped':
      return `Skipped ${name}: ${outcome.reason}; moved to the “skipped” folder.`;
  }
}

/** A run's report as the page and notifications show it: each file's name, outcome and sentence. */
export function runView(report: RunReport): { automation: string; overlapped: boolean; files: { file: string; outcome: FileOutcome['outcome']; message: string }[] } {
  return { automation: report.automation, overlapped: report.overlapped, files: report.files.map((f) => ({ file: basename(f.file), outcome: f.outcome, message: outcomeLine(f) })) };
}

/** Folders the run moves files into, never read as input. */
const DONE_FOLDERS = ['sent', 'failed', 'skipped'];

export async function runAutomation(services: AppServices, automation: Automation, options: RunOptions = {}): Promise<RunReport> {
  const lock = await takeLock(services.configDir, automation.name);
  if (!lock) return { automation: automation.name, overlapped: true, files: [] };
  const files: FileOutcome[] = [];
  const report = (outcome: FileOutcome) => {
    files.push(outcome);
    options.onFile?.(outcome);
  };
  try {
    const { ready, waiting } = await readyFiles(automation, options.settleMs ?? automation.settleSeconds * 1000, options.signal);
    for (const file of waiting) report({ file, outcome: 'waiting', reason: 'it is still being written; it is taken once it stops growing' });
    let toSend = ready;
    const take = options.take ?? (automation.trigger.kind === 'daily' ? 'newest' : 'all');
    if (take === 'newest' && ready.length > 1) {
      toSend = ready.slice(-1);
      const newest = basename(toSend[0] as string);
      for (const older of ready.slice(0, -1)) {
        const reason = `a newer export (${newest}) was sent instead`;
        await moveDone(older, 'skipped', reason);
        report({ file: older, outcome: 'skipped', reason });
      }
    }
    for (const path of toSend) {
      if (options.signal?.aborted) break;
      report(await runOne(services, automation, path, options));
    }
    return { automation: automation.name, overlapped: false, files };
  } finally {
    await lock.release();
  }
}

async function runOne(services: AppServices, automation: Automation, path: string, options: RunOptions): Promise<FileOutcome> {
  const file = basename(path);
  const historyFailure = (error: TxpError) =>
    appendHistory(services.configDir, {
      time: new Date().toISOString(),
      account: automation.account,
      remoteName: '',
      sourceFile: file,
      keyword: automation.keyword,
      bytes: 0,
      numbers: 0,
      outcome: 'failed',
      error: error.message,
      sourcePath: path,
      automation: automation.name,
    });
  let sending = false;
  try {
    if ((await stat(path)).size === 0) throw new TxpError('INPUT', `${file} is empty. Nothing was sent.`);
    const account = await services.accounts.store.get(automation.account);
    const secret = options.secret ?? (await services.accounts.secrets.get(account.name));
    const keyword = automation.keyword ?? account.keyword;
    const list = await planList(path, { profile: automation.profile }, services.profiles);
    const mirrorStore = options.mirrorStore ?? new MirrorStore(services.configDir);
    let mirror: { previous: Float64Array | null; notice: string | null } | null = null;
    if (automation.mirror) {
      if (services.accounts.secrets.kind !== 'keychain' && !options.mirrorStore) {
        throw new TxpError(
          'UNAVAILABLE',
          'Mirror mode keeps the list it sent encrypted with a key in the OS keychain, and no keychain answers here. Nothing was sent. Unlock or install the keychain, or turn mirror mode off for this automation.',
        );
      }
      if (!keyword) throw new TxpError('USAGE', `Automation "${automation.name}" has no keyword, and account "${account.name}" has none saved. Nothing was sent.`);
      mirror = await mirrorStore.load({ account: account.name, keyword });
    }
    sending = true;
    const result = await sendList({
      list,
      account,
      secret,
      keyword,
      keywordHint: `Give the automation a keyword, or save one with the account.`,
      configDir: services.configDir,
      automation: automation.name,
      ...(mirror
        ? {
            mirror: {
              previous: mirror.previous,
              maxRemovalShare: options.approveRemovals ? 1 : automation.maxRemovalShare,
              approveHint:
                options.approveHint ??
                `If the export is complete, approve it once: txp automation run "${automation.name}" --approve-removals (or allow a larger share in the automation's settings). The file stays where it is.`,
            },
          }
        : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    // Only now, with the upload done, does the list mirror mode keeps change.
    if (mirror && result.mirror && keyword) await mirrorStore.save({ account: account.name, keyword }, result.mirror.current);
    await moveDone(path, 'sent', null);
    const removals = result.mirror?.removals.length ?? 0;
    return {
      file: path,
      outcome: 'sent',
      remoteName: result.remoteName,
      numbers: result.numbers,
      removals,
      mirror: !result.mirror ? 'off' : result.mirror.firstRun ? 'recorded' : 'removed',
      notice: mirror?.notice ?? null,
    };
  } catch (error) {
    const failure = toTxpError(error);
    // sendList records its own failures in History; the ones before it are recorded here.
    if (!sending) await historyFailure(failure);
    const code = failure.code;
    if (code === 'NEEDS_APPROVAL') return { file: path, outcome: 'stopped', reason: failure.message, code };
    if (isFileFault(failure)) {
      await moveDone(path, 'failed', failure.message);
      return { file: path, outcome: 'failed', reason: failure.message, code };
    }
    return { file: path, outcome: 'retry', reason: `${failure.message} The file stays in the folder and is tried again at the next run.`, code };
  }
}

/** Faults of the file itself, which another try would meet again: it goes to failed/. */
function isFileFault(error: TxpError): boolean {
  return error.code === 'INPUT' || error.code === 'NOTHING_TO_SEND' || (error.code === 'USAGE' && /no longer matches|Nothing was sent/.test(error.message));
}

/**
 * The folder's matching files, oldest first, split into those whose size and time stayed the
 * same over `settleMs` (ready) and those still changing (waiting). Subfolders, hidden files and
 * office lock files (~$…) are never taken.
 */
export async function readyFiles(automation: Pick<Automation, 'folder' | 'pattern'>, settleMs: number, signal?: AbortSignal): Promise<{ ready: string[]; waiting: string[] }> {
  const matches = picomatch(automation.pattern, { nocase: true, dot: false });
  let entries;
  try {
    entries = await readdir(automation.folder, { withFileTypes: true });
  } catch (error) {
    throw new TxpError('INPUT', `The folder ${automation.folder} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). Check that it exists and that this user may read it.`, {
      cause: error,
    });
  }
  const candidates = entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && !e.name.startsWith('~$') && !DONE_FOLDERS.includes(e.name) && matches(e.name))
    .map((e) => join(automation.folder, e.name));
  const first = await Promise.all(candidates.map(sizeAndTime));
  if (settleMs > 0 && candidates.length > 0) await sleep(settleMs, signal);
  const second = await Promise.all(candidates.map(sizeAndTime));
  const ready: { path: string; mtime: number }[] = [];
  const waiting: string[] = [];
  candidates.forEach((path, i) => {
    const a = first[i];
    const b = second[i];
    if (!a || !b) return; // gone meanwhile
    // A file changed within the settle time is not finished either, even if it did not change between the two looks.
    if (a.size === b.size && a.mtime === b.mtime && Date.now() - b.mtime >= settleMs) ready.push({ path, mtime: b.mtime });
    else waiting.push(path);
  });
  ready.sort((a, b) => a.mtime - b.mtime || a.path.localeCompare(b.path));
  return { ready: ready.map((r) => r.path), waiting };
}

async function sizeAndTime(path: string): Promise<{ size: number; mtime: number } | null> {
  try {
    const s = await stat(path);
    return { size: s.size, mtime: s.mtimeMs };
  } catch {
    return null;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/** Moves a file into FOLDER/sent|failed|skipped/ under a free name; a reason goes beside it as NAME.reason.txt. */
async function moveDone(path: string, into: 'sent' | 'failed' | 'skipped', reason: string | null): Promise<string> {
  const dir = join(path, '..', into);
  await mkdir(dir, { recursive: true });
  const ext = extname(path);
  const stem = basename(path, ext);
  let target = join(dir, basename(path));
  for (let n = 2; await exists(target); n++) target = join(dir, `${stem} (${n})${ext}`);
  await rename(path, target);
  if (reason !== null) await writeFile(`${target}.reason.txt`, `${oneLine(reason)}\n`);
  return target;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The automation's lock: a file that names the process holding it. A lock whose process is
 * gone (a run that was killed) is taken over; one whose process lives means a run is going on.
 */
async function takeLock(configDir: string, name: string): Promise<{ release(): Promise<void> } | null> {
  const dir = join(configDir, 'automation-locks');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${automationSlug(name)}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) return null;
      await rm(path, { force: true });
    }
  }
  return null;
}
