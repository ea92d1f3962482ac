/**
 * One policy for a damaged file in the config folder (settings, accounts, profiles, upload
 * history): it is set aside, renamed to NAME.damaged-TIME so nothing in it is lost, the user is
 * told which file and what happened, and the app goes on with what could be read (defaults,
 * or the lines that were whole). Nothing refuses to start, and nothing is reset silently.
 */
import { readFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface DamagedFileNotice {
  /** The config file, by name (settings.json, history.jsonl…). */
  file: string;
  /** Where its damaged content now is. */
  setAsideAs: string;
  /** One sentence for people: what was wrong and what the app did. */
  message: string;
}

/**
 * Notices of damaged files, gathered in this process until someone shows them: the API sends
 * them to the page as warnings, the CLI prints them, a worker thread hands them to main.
 */
export const damagedFiles = {
  pending: [] as DamagedFileNotice[],
  add(notice: DamagedFileNotice): void {
    this.pending.push(notice);
  },
  take(): DamagedFileNotice[] {
    return this.pending.splice(0);
  },
};

/** The text of a config file, or null when there is none. */
export async function readConfigText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Renames a damaged config file out of the way and records the notice. `what` names the file
 * for people ("Your settings"), `problem` says what was wrong, `outcome` what the app does now.
 */
export async function setAside(path: string, what: string, problem: string, outcome: string): Promise<DamagedFileNotice> {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const setAsideAs = join(dirname(path), `${basename(path)}.damaged-${stamp}`);
  await rename(path, setAsideAs);
  const notice = { file: basename(path), setAsideAs, message: `${what} (${basename(path)}) ${problem}. It was set aside as ${basename(setAsideAs)} in the settings folder; ${outcome}.` };
  damagedFiles.add(notice);
  return notice;
}
