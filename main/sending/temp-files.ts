/**
 * Local temporary files (the Preformatted file on its way out) live in a private folder
 * (mode 0700) in the config folder, named with the owning process id; each is deleted as
 * soon as its upload ends, and leftovers of processes that died are swept at the next start.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

export async function privateTempDir(configDir: string): Promise<string> {
  const dir = join(configDir, 'tmp');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  return dir;
}

export function tempFileName(extension: string): string {
  return `upload-${process.pid}-${randomBytes(4).toString('hex')}${extension}`;
}

/** Whether a process with this id runs (one of another user's counts: it answers EPERM). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes the temporary files of processes that are no longer running; returns how many. */
export async function sweepTempFiles(configDir: string): Promise<number> {
  const dir = await privateTempDir(configDir);
  let swept = 0;
  for (const name of await readdir(dir)) {
    const pid = Number(/^upload-(\d+)-/.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && !processAlive(pid)) {
      await rm(join(dir, name), { force: true });
      swept++;
    }
  }
  return swept;
}
