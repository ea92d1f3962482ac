/** Profiles on disk: one JSON file in the config folder, shared by the app and the CLI, written atomically. */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { profileSchema, type Profile } from '../../shared/mapping/profile';
import { TxpError } from '../../shared/txp-error';
import { writeFileAtomic } from './atomic-write';

const fileSchema = z.object({ version: z.literal(1), profiles: z.array(profileSchema) });

export class ProfileStore {
  constructor(private readonly dir: string) {}

  private get path(): string {
    return join(this.dir, 'profiles.json');
  }

  async list(): Promise<Profile[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const parsed = fileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new TxpError('INPUT', `${this.path} is not a valid profiles file; move it away to start afresh.`);
    return parsed.data.profiles;
  }

  async get(name: string): Promise<Profile> {
    const profile = (await this.list()).find((p) => p.name.toLowerCase() === name.toLowerCase());
    if (!profile) throw new TxpError('USAGE', `No profile named "${name}". Save one with --save-profile NAME.`);
    return profile;
  }

  async findBySignature(signature: string): Promise<Profile | null> {
    if (signature === '') return null;
    const matches = (await this.list()).filter((p) => p.signature === signature);
    return matches.sort((a, b) => b.savedAt.localeCompare(a.savedAt))[0] ?? null;
  }

  async save(profile: Profile): Promise<void> {
    const profiles = (await this.list()).filter((p) => p.name.toLowerCase() !== profile.name.toLowerCase());
    profiles.push(profile);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.path, JSON.stringify({ version: 1, profiles }, null, 2) + '\n');
  }
}
