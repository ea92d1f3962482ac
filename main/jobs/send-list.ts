/**
 * `send`: check and convert a CRM export, then upload the Preformatted file with its job
 * manifest to the account's upload folder (DESIGN.md §1 step 5, §3). The local file exists
 * only while it is being sent; the history keeps metadata only.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { Account } from '../../shared/accounts/account';
import { OUTCOME_KINDS, type CheckSummary } from '../../shared/check/list-checker';
import { textPowerNumber } from '../../shared/formats/textpower-number';
import { planMirror, removalGuard, type MirrorPlan } from '../sending/mirror-state';
import { TxpError, toTxpError } from '../../shared/txp-error';
import { APP_VERSION } from '../app-meta';
import { describePlan, hasRowChanges, type ListPlan } from '../../shared/mapping/list-plan';
import type { PreparedList } from '../mapping/plan-list';
import { nothingToSend, runListCheck } from '../checking/run-list-check';
import { SendRecord } from '../checking/send-record';
import { withAtomicFile } from '../writing/atomic-file-writer';
import { isKeyword } from '../../shared/accounts/keyword';
import { accountConnector } from '../sending/sftp-session';
import { privateTempDir, sweepTempFiles, tempFileName } from '../sending/temp-files';
import { appendHistory, type HistoryEntry } from '../sending/upload-history';
import { uploadFile, type UploadProgress, type UploadResult } from '../sending/upload-file';

export interface SendOptions {
  /** The list, planned (planList) or opened under the page's plan (followPlan). */
  list: PreparedList;
  account: Account;
  /** Password, or key passphrase; null when none is needed or known. */
  secret: string | null;
  keyword: string | null;
  /** How to give a keyword, in the caller's words (the CLI names its option). */
  keywordHint?: string;
  configDir: string;
  /**
   * 'preformatted' (default): the checked, converted file goes. 'alp': the original file goes
   * unchanged, for an account whose ALP field map TextPower has set up; it needs that field
   * map saved as a profile, and the file's layout must still match it.
   */
  drop?: 'preformatted' | 'alp';
  onProgress?: (progress: UploadProgress) => void;
  /** Rows read so far while checking and converting. */
  onCheckProgress?: (rowsRead: number) => void;
  onRetry?: (attempt: number, delayMs: number, error: TxpError) => void;
  signal?: AbortSignal;
  /**
   * Mirror mode (an automation's): the numbers the last successful run sent (null on a first
   * run); the file also removes those that left the export, unless that is more than
   * `maxRemovalShare` of them, when nothing is sent (mirror-state.ts).
   */
  mirror?: { previous: Float64Array | null; maxRemovalShare: number; approveHint: string };
  /** The automation this send runs for, as History names it. */
  automation?: string;
}

export interface SendResult extends UploadResult {
  /** The checked list (to join the results back to its rows). */
  list: PreparedList;
  /** What became of each number: the results are joined to it. */
  record: SendRecord;
  remoteName: string;
  numbers: number;
  summary: CheckSummary;
  sha256: string;
  /** What mirror mode did, when it was on: the list to keep now that the upload succeeded. */
  mirror?: MirrorPlan;
}

/** What a send reports to people and scripts: where the file went, its size and how long it took. */
export function sendReport(result: SendResult) {
  return { remoteName: result.remoteName, remotePath: result.remotePath, bytes: result.bytes, numbers: result.numbers, seconds: result.seconds, attempts: result.attempts };
}

/** NAME: the source file's name as a slug, the UTC time, a short id (DESIGN.md §3). */
export function remoteNameFor(sourceFile: string, now = new Date()): string {
  const slug =
    sourceFile
      .replace(/\.[^.]+$/, '')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, 40) || 'list';
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${slug}-${stamp}-${randomBytes(3).toString('hex')}.csv`;
}

export async function sendList(options: SendOptions): Promise<SendResult> {
  const { account } = options;
  if (!account.hostKey) {
    throw new TxpError('HOST_KEY', `The server of account "${account.name}" (${account.host}:${account.port}) is not trusted yet. Check its key with "txp account trust ${account.name}".`);
  }
  if (account.auth === 'password' && !options.secret) {
    throw new TxpError('AUTH', `No password is saved for account "${account.name}". Give it with --password-stdin, or save it with "txp account add ${account.name} … --password-stdin".`);
  }
  // Every upload goes to one keyword (the list the numbers join); none, and nothing is sent.
  if (!options.keyword || !isKeyword(options.keyword)) {
    throw new TxpError(
      'USAGE',
      options.keyword
        ? `"${options.keyword}" is not a keyword: a keyword is one word of letters and digits, as it appears in your TextPower account. Nothing was sent.`
        : `No keyword for this upload: every upload goes to one keyword, the TextPower list the numbers join.${options.keywordHint ? ` ${options.keywordHint}` : ''} Nothing was sent.`,
    );
  }
  await sweepTempFiles(options.configDir);
  const { list } = options;
  const alp = options.drop === 'alp';
  if (alp && (!list.profile || list.mapping.mode !== 'alp')) {
    throw new TxpError('USAGE', `An ALP drop sends ${list.table.file} unchanged, so it needs the ALP field map saved as a profile (save it once with --save-profile NAME, then use --profile NAME).`);
  }
  if (alp && options.mirror) {
    throw new TxpError('USAGE', `Mirror mode adds removal rows to the file it sends, so it needs a Preformatted drop: an ALP drop sends ${list.table.file} unchanged. Nothing was sent.`);
  }
  if (alp && hasRowChanges(list.plan.rowChanges)) {
    throw new TxpError('USAGE', `An ALP drop sends ${list.table.file} unchanged, so rows left out or corrected in the app cannot go that way: send it as a Preformatted file. Nothing was sent.`);
  }
  const localPath = join(await privateTempDir(options.configDir), tempFileName('.csv'));
  const remoteName = alp ? remoteNameFor(list.table.file).replace(/\.csv$/, extname(list.table.file).toLowerCase() || '.csv') : remoteNameFor(list.table.file);
  const logHistory = (outcome: HistoryEntry['outcome'], bytes: number, numbers: number, error?: string) =>
    appendHistory(options.configDir, {
      time: new Date().toISOString(),
      account: account.name,
      remoteName,
      sourceFile: list.table.file,
      keyword: options.keyword,
      bytes,
      numbers,
      outcome,
      ...(error !== undefined ? { error } : {}),
      sourcePath: resolve(list.path),
      plan: historyPlan(list.plan),
      ...(options.automation !== undefined ? { automation: options.automation } : {}),
      ...(mirror && mirror.removals.length > 0 ? { mirrorRemovals: mirror.removals.length } : {}),
    });
  let mirror: MirrorPlan | undefined;
  try {
    // The check always runs (counts for the manifest, the record); only a Preformatted drop writes its rows.
    const record = new SendRecord();
    const summary = await withAtomicFile(alp ? undefined : localPath, async (out) => {
      const checked = await runListCheck(list, {
        row: (number, tags) => out?.writeRow(number, tags),
        outcome: record.add,
        afterBatch: async () => out?.flush(),
        ...(options.onCheckProgress ? { progress: options.onCheckProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (options.mirror) {
        // An export without one valid number is broken, not a list to empty: it is refused as such before mirror mode compares.
        if (checked.written === 0) throw nothingToSend(list, checked);
        mirror = mirrorOf(record, options.mirror.previous);
        const stop = removalGuard(mirror, options.mirror.previous?.length ?? 0, options.mirror.maxRemovalShare, options.mirror.approveHint);
        if (stop) throw stop;
        // Removal rows after the list, in the same form as its numbers (10 digits for North America by default).
        for (const value of mirror.removals) {
          const e164 = `+${value}`;
          out?.writeRow(`-${list.phoneFormat === 'national' ? textPowerNumber(e164) : e164}`, []);
        }
        checked.removals += mirror.removals.length;
        checked.written += mirror.removals.length;
      }
      return checked;
    });
    if (summary.written === 0) throw nothingToSend(list, summary);
    const dataPath = alp ? list.path : localPath;
    const sha256 = await fileSha256(dataPath);
    const upload = await uploadFile({
      connect: accountConnector(account, options.secret),
      localPath: dataPath,
      remoteDir: account.uploadDir,
      remoteName,
      manifest: jobManifest(list, summary, remoteName, sha256, options.keyword, alp ? 'alp' : 'preformatted'),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    await logHistory('uploaded', upload.bytes, summary.written);
    return { ...upload, list, record, remoteName, numbers: summary.written, summary, sha256, ...(mirror ? { mirror } : {}) };
  } catch (error) {
    const failure = toTxpError(error);
    await logHistory(failure.code === 'CANCELED' ? 'cancelled' : 'failed', 0, 0, failure.message);
    throw failure;
  } finally {
    await rm(localPath, { force: true });
  }
}

/** Mirror mode's comparison of the record (what this file adds and holds) with the list last sent. */
function mirrorOf(record: SendRecord, previous: Float64Array | null): MirrorPlan {
  const { kinds, numbers, length } = record.toData();
  const sent: number[] = [];
  const present: number[] = [];
  const sentKind = OUTCOME_KINDS.indexOf('sent');
  const invalidKind = OUTCOME_KINDS.indexOf('invalid');
  for (let i = 0; i < length; i++) {
    if (kinds[i] === invalidKind) continue;
    present.push(numbers[i] as number);
    if (kinds[i] === sentKind) sent.push(numbers[i] as number);
  }
  return planMirror(previous, Float64Array.from(sent), Float64Array.from(present));
}

/**
 * The plan as the history keeps it: no data of the file. Rows left out are only row numbers and
 * stay; a corrected cell's value (often a phone number) does not, so results fetched again later
 * from History join that row's original cell.
 */
function historyPlan(plan: ListPlan): ListPlan {
  if (!plan.rowChanges || plan.rowChanges.edits.length === 0) return plan;
  return { ...plan, rowChanges: { leaveOut: plan.rowChanges.leaveOut, edits: [] } };
}

/** NAME.job.json (DESIGN.md §3): what the processor needs to know about the data file. */
function jobManifest(list: PreparedList, summary: CheckSummary, remoteName: string, sha256: string, keyword: string | null, drop: 'alp' | 'preformatted') {
  const mapping = describePlan(list.plan);
  return {
    kind: 'textpower-upload-job',
    dataFile: remoteName,
    /** What the data file is: the Preformatted file, or the original file of an ALP drop. */
    drop,
    keyword,
    mode: list.mapping.mode,
    counts: { rows: summary.rows, numbers: summary.numbers, valid: summary.valid, invalid: summary.invalid, duplicates: summary.duplicates, removals: summary.removals, written: summary.written },
    sha256,
    appVersion: APP_VERSION,
    createdAt: new Date().toISOString(),
    ...(list.mapping.mode === 'alp'
      ? {
          fieldMap: {
            sheet: list.table.sheet,
            headerRow: list.layout.headerRow,
            phoneColumns: list.mapping.phone.map((index, i) => ({ column: index + 1, header: mapping.phone[i] })),
            tagColumns: list.mapping.tags.map((index, i) => ({ column: index + 1, header: mapping.tags[i] })),
            defaultCountry: mapping.country,
          },
        }
      : {}),
  };
}

function fileSha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}
