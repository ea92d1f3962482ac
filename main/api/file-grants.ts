/**
 * The files the page may have read (issue 14). The page names files by path, so without this
 * a page that went wrong (or was made to) could read any file its user can. Only these are
 * read: files the user picked (the open dialog; a drop or the page's file picker, which hand
 * over a File that the page cannot forge: the preload or the bridge grants its path), and the
 * source files of the user's own uploads in History. Picks are kept in the config folder (the
 * last 200), so Recent files still open after a restart.
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { TxpError } from '../../shared/txp-error';
import { JsonListFile } from '../config/json-list-file';
import { readHistory } from '../sending/upload-history';

const KEPT = 200;

export interface FileAccess {
  /** Lets the page read `path` from now on: the user picked it. */
  grant(path: string): Promise<void>;
  /** Throws, in words for the user, unless the user picked `path` or sent it before. */
  check(path: string): Promise<void>;
}

export class FileGrants implements FileAccess {
  private readonly file: JsonListFile<string>;
  private granted: Promise<Set<string>> | null = null;

  constructor(private readonly configDir: string) {
    this.file = new JsonListFile(join(configDir, 'opened-files.json'), 'files', z.string(), 'recently opened files');
  }

  async grant(path: string): Promise<void> {
    const granted = await this.load();
    const key = resolve(path);
    granted.delete(key);
    granted.add(key);
    await this.file.write([...granted].slice(-KEPT));
  }

  async check(path: string): Promise<void> {
    const key = resolve(path);
    if ((await this.load()).has(key)) return;
    if ((await readHistory(this.configDir)).some((entry) => entry.sourcePath !== undefined && resolve(entry.sourcePath) === key)) return;
    throw new TxpError('INPUT', 'That file was not opened in the app, so it is not read. Open it with File › Open… or drop it on the window.');
  }

  private load(): Promise<Set<string>> {
    this.granted ??= this.file.read().then((paths) => new Set(paths));
    return this.granted;
  }
}

/** Every file allowed: for tests of other things, which name their fixtures directly. */
export const ANY_FILE: FileAccess = {
  grant: async () => undefined,
  check: async () => undefined,
};
