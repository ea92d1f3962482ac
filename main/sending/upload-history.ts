/** Upload history: metadata only (never a phone number), one JSON line per upload in the config folder. */
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { historyEntrySchema } from '../../shared/ipc-contract';
import type { ListPlan } from '../../shared/mapping/list-plan';
import { writeFileAtomic } from '../config/atomic-write';
import { readConfigText, setAside } from '../config/config-file';

export interface HistoryEntry {
  time: string;
  account: string;
  remoteName: string;
  sourceFile: string;
  keyword: string | null;
  bytes: number;
  numbers: number;
  outcome: 'uploaded' | 'failed' | 'cancelled';
  error?: string;
  /** The source file's path and the plan the upload followed (no data): History can fetch its results again later. */
  sourcePath?: string;
  plan?: ListPlan;
  /** The automation that ran it, if one did. */
  automation?: string;
  /** Removals mirror mode added (numbers that left the export since its last run). */
  mirrorRemovals?: number;
}

export async function appendHistory(configDir: string, entry: HistoryEntry): Promise<void> {
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  await appendFile(join(configDir, 'history.jsonl'), JSON.stringify(entry) + '\n', { mode: 0o600 });
}

/**
 * The history, oldest first. A line that is not a whole entry (a write cut short by a crash,
 * an edit by hand) sets the file aside, and the whole lines are kept in a new one.
 */
export async function readHistory(configDir: string): Promise<HistoryEntry[]> {
  const path = join(configDir, 'history.jsonl');
  const text = await readConfigText(path);
  if (text === null) return [];
  const entries: HistoryEntry[] = [];
  let damaged = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let parsed;
    try {
      parsed = historyEntrySchema.safeParse(JSON.parse(line));
    } catch {
      parsed = null;
    }
    if (parsed?.success) entries.push(parsed.data as HistoryEntry);
    else damaged++;
  }
  if (damaged > 0) {
    await setAside(
      path,
      'The upload history',
      `had ${damaged === 1 ? 'a line' : `${damaged} lines`} that could not be read`,
      `the ${entries.length} whole ${entries.length === 1 ? 'entry was' : 'entries were'} kept`,
    );
    await writeFileAtomic(path, entries.map((entry) => JSON.stringify(entry) + '\n').join(''));
  }
  return entries;
}
