/** The app's settings in the config folder shared with the CLI, written atomically. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { settingsSchema, type Settings } from '../../shared/ipc-contract';
import { writeFileAtomic } from './atomic-write';
import { readConfigText, setAside } from './config-file';

export const DEFAULT_SETTINGS: Settings = { country: 'US', phoneFormat: 'national', resultsTimeoutMinutes: 30, activeAccount: null, keywords: {} };

/**
 * The saved settings. A file that is not JSON is set aside and the defaults apply; a setting
 * that is not valid is set aside with its file, and the settings that are valid are kept.
 */
export async function readSettings(configDir: string): Promise<Settings> {
  const path = join(configDir, 'settings.json');
  const text = await readConfigText(path);
  if (text === null) return { ...DEFAULT_SETTINGS };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    await setAside(path, 'Your settings file', 'was cut short or is not JSON', 'the default settings apply until you save them again');
    return { ...DEFAULT_SETTINGS };
  }
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const bad: string[] = [];
  for (const key of Object.keys(settingsSchema.shape) as (keyof Settings)[]) {
    if (!(key in json)) continue;
    const parsed = settingsSchema.shape[key].safeParse((json as Record<string, unknown>)[key]);
    if (parsed.success) (settings as Record<string, unknown>)[key] = parsed.data;
    else bad.push(key);
  }
  const unknown = Object.keys(json).filter((key) => !(key in settingsSchema.shape));
  if (bad.length > 0 || unknown.length > 0) {
    await setAside(path, 'Your settings file', `had settings this version cannot use (${[...bad, ...unknown].join(', ')})`, 'the others were kept, and the defaults apply for those');
    await saveSettings(configDir, settings);
  }
  return settings;
}

export async function saveSettings(configDir: string, settings: Settings): Promise<Settings> {
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(join(configDir, 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
  return settings;
}
