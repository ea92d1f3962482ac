/** Upload history: metadata only (never a phone number), one JSON line per upload in the config folder. */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

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
}

export async function appendHistory(configDir: string, entry: HistoryEntry): Promise<void> {
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  await appendFile(join(configDir, 'history.jsonl'), JSON.stringify(entry) + '\n', { mode: 0o600 });
}

export async function readHistory(configDir: string): Promise<HistoryEntry[]> {
  try {
    const text = await readFile(join(configDir, 'history.jsonl'), 'utf8');
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as HistoryEntry);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
