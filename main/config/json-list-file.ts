/**
 * A list kept as one JSON file in the config folder ({ version: 1, <key>: [...] }), checked
 * against its schema when read, written atomically. Profiles, accounts and automations are kept this way.
 * A damaged file is set aside and the list starts empty (config-file.ts), and the user is told.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write';
import { readConfigText, setAside } from './config-file';

export class JsonListFile<T> {
  private readonly schema: z.ZodType<Record<string, unknown>>;

  constructor(
    readonly path: string,
    private readonly key: string,
    itemSchema: z.ZodType<T>,
    private readonly what: string,
  ) {
    this.schema = z.object({ version: z.literal(1), [key]: z.array(itemSchema) });
  }

  async read(): Promise<T[]> {
    const text = await readConfigText(this.path);
    if (text === null) return [];
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      await setAside(this.path, `The ${this.what} file`, 'was cut short or is not JSON', `no ${this.what} are known until you add them again`);
      return [];
    }
    const parsed = this.schema.safeParse(json);
    if (!parsed.success) {
      await setAside(this.path, `The ${this.what} file`, 'holds entries this version cannot read', `no ${this.what} are known until you add them again`);
      return [];
    }
    return parsed.data[this.key] as T[];
  }

  async write(items: readonly T[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.path, JSON.stringify({ version: 1, [this.key]: items }, null, 2) + '\n');
  }
}

/** A list of named items (accounts, profiles, automations), where a name is one item whatever the case of its letters. */
export class NamedListFile<T extends { name: string }> extends JsonListFile<T> {
  /** The item of that name, or undefined. */
  async named(name: string): Promise<T | undefined> {
    const key = name.toLowerCase();
    return (await this.read()).find((item) => item.name.toLowerCase() === key);
  }

  /** Every item but the one of that name. */
  async others(name: string): Promise<T[]> {
    const key = name.toLowerCase();
    return (await this.read()).filter((item) => item.name.toLowerCase() !== key);
  }
}
