/**
 * Mirror mode's memory: per account and keyword, the numbers the last successful run sent to
 * be added, so that the next run can send removals (`-number`) for those that left the export.
 * The set is kept encrypted (AES-256-GCM) in the config folder with a key held in the OS
 * keychain; the file holds no number in plain text and cannot be read without that entry.
 * It is replaced atomically, and only after an upload has succeeded: a run that fails or is
 * killed leaves it as it was.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { TxpError } from '../../shared/txp-error';
import { writeFileAtomic } from '../config/atomic-write';
import { keychainValue, type KeychainValue } from './secret-store';

/** The keychain entry of the key. One key for all mirror lists of this user. */
export const MIRROR_KEY_ENTRY = 'mirror-state-key';

export interface MirrorList {
  account: string;
  keyword: string;
}

/** What a run starts from: the numbers sent last time (sorted E.164 digits), or null for a first run. */
export interface MirrorStart {
  previous: Float64Array | null;
  /** Why the run starts afresh although a list was kept (its key is gone), for the user. */
  notice: string | null;
}

const fileSchema = z.object({ version: z.literal(1), cipher: z.literal('aes-256-gcm'), iv: z.string(), tag: z.string(), data: z.string(), savedAt: z.string() });

export class MirrorStore {
  constructor(
    private readonly configDir: string,
    private readonly key: KeychainValue = keychainValue(MIRROR_KEY_ENTRY, 'key of mirror mode'),
  ) {}

  /** The state file of one account and keyword: its name says neither. */
  pathOf(list: MirrorList): string {
    const id = createHash('sha256').update(`${list.account.toLowerCase()}\n${list.keyword.toUpperCase()}`).digest('hex').slice(0, 24);
    return join(this.configDir, 'mirror', `${id}.json`);
  }

  async load(list: MirrorList): Promise<MirrorStart> {
    let text: string;
    try {
      text = await readFile(this.pathOf(list), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { previous: null, notice: null };
      throw error;
    }
    const afresh = (why: string): MirrorStart => ({
      previous: null,
      notice: `The list mirror mode kept for ${list.account} / ${list.keyword} ${why}, so this run only records the numbers again and removes none.`,
    });
    const key = await this.key.get();
    if (key === null) return afresh('cannot be read without its key, which is no longer in the OS keychain');
    let parsed;
    try {
      parsed = fileSchema.safeParse(JSON.parse(text));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) return afresh('is damaged');
    try {
      const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key, 'base64'), Buffer.from(parsed.data.iv, 'base64'));
      decipher.setAAD(aad(list));
      decipher.setAuthTag(Buffer.from(parsed.data.tag, 'base64'));
      const bytes = Buffer.concat([decipher.update(Buffer.from(parsed.data.data, 'base64')), decipher.final()]);
      const numbers = new Float64Array(bytes.byteLength / 8);
      new Uint8Array(numbers.buffer).set(bytes);
      return { previous: numbers, notice: null };
    } catch {
      return afresh('does not open with the key in the OS keychain');
    }
  }

  /** Keeps `numbers` (sorted, distinct E.164 digits) as the list last sent. */
  async save(list: MirrorList, numbers: Float64Array): Promise<void> {
    let key = await this.key.get();
    if (key === null) {
      key = randomBytes(32).toString('base64');
      await this.key.set(key);
    }
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
    cipher.setAAD(aad(list));
    const data = Buffer.concat([cipher.update(new Uint8Array(numbers.buffer, numbers.byteOffset, numbers.byteLength)), cipher.final()]);
    const path = this.pathOf(list);
    await mkdir(join(this.configDir, 'mirror'), { recursive: true, mode: 0o700 });
    const file = { version: 1, cipher: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64'), savedAt: new Date().toISOString() };
    await writeFileAtomic(path, JSON.stringify(file) + '\n');
  }
}

/** The list's names are bound to the ciphertext: one list's file cannot stand in for another's. */
function aad(list: MirrorList): Buffer {
  return Buffer.from(`${list.account.toLowerCase()}\n${list.keyword.toUpperCase()}`);
}

/** What mirror mode does with a run's file: the removals it adds, and the list it keeps if the upload succeeds. */
export interface MirrorPlan {
  /** Sorted, distinct E.164 digits sent to be added by this run: the list kept after it. */
  current: Float64Array;
  /** Numbers sent last time that are nowhere in this export: sent as removals. */
  removals: Float64Array;
  firstRun: boolean;
  /** removals / numbers last sent (0 on a first run). */
  share: number;
}

/**
 * Compares this export with the list last sent. `sent` are the numbers this file adds; `present`
 * every valid number it holds in any way (added, removed by its opt-out column, duplicate, left
 * out as asked): only a number in none of them has left the CRM.
 */
export function planMirror(previous: Float64Array | null, sent: Float64Array, present: Float64Array): MirrorPlan {
  const current = sortedDistinct(sent);
  if (previous === null) return { current, removals: new Float64Array(0), firstRun: true, share: 0 };
  const here = sortedDistinct(present);
  const removals: number[] = [];
  let j = 0;
  for (let i = 0; i < previous.length; i++) {
    const number = previous[i] as number;
    while (j < here.length && (here[j] as number) < number) j++;
    if (j >= here.length || here[j] !== number) removals.push(number);
  }
  return { current, removals: Float64Array.from(removals), firstRun: false, share: previous.length === 0 ? 0 : removals.length / previous.length };
}

function sortedDistinct(numbers: Float64Array): Float64Array {
  const sorted = Float64Array.from(numbers).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i] as number;
  return sorted.slice(0, n);
}

/** The guard: a run that would remove more than `maxShare` of the list stops before anything is sent. */
export function removalGuard(plan: MirrorPlan, previousCount: number, maxShare: number, approveHint: string): TxpError | null {
  if (plan.firstRun || plan.share <= maxShare) return null;
  const percent = (share: number) => `${Math.round(share * 100)} %`;
  return new TxpError(
    'NEEDS_APPROVAL',
    `Mirror mode stopped: this file would remove ${plan.removals.length.toLocaleString('en-US')} of the ${previousCount.toLocaleString('en-US')} numbers sent last time (${percent(plan.share)}), more than the ${percent(maxShare)} allowed. A cut-short export looks like this. Nothing was sent. ${approveHint}`,
  );
}
