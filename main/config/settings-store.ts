/** The app's settings in the config folder shared with the CLI, written atomically. */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { settingsSchema, type Settings } from '../../shared/ipc-contract';
import { writeFileAtomic } from './atomic-write';
import { withoutUndefined } from '../../shared/without-undefined';

export const DEFAULT_SETTINGS: Settings = { country: 'US', phoneFormat: 'e164', resultsTimeoutMinutes: 10 };

export async function readSettings(configDir: string): Promise<Settings> {
  try {
    const parsed = settingsSchema.partial().safeParse(JSON.parse(await readFile(join(configDir, 'settings.json'), 'utf8')));
    // A damaged or older file keeps whatever it still says that is valid.
    return parsed.success ? { ...DEFAULT_SETTINGS, ...withoutUndefined(parsed.data) } : { ...DEFAULT_SETTINGS };
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

export async function saveSettings(configDir: string, settings: Settings): Promise<Settings> {
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(join(configDir, 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
  return settings;
}
