/**
 * A list kept as one JSON file in the config folder ({ version: 1, <key>: [...] }), checked
 * against its schema when read, written atomically. Profiles and accounts are kept this way.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { TxpError } from '../../shared/txp-error';
import { writeFileAtomic } from './atomic-write';

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
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    const parsed = this.schema.safeParse(json);
    if (!parsed.success) throw new TxpError('INPUT', `${this.path} is not a valid ${this.what} file; move it away to start afresh.`);
    return parsed.data[this.key] as T[];
  }

  async write(items: readonly T[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.path, JSON.stringify({ version: 1, [this.key]: items }, null, 2) + '\n');
  }
}
