/** Profiles on disk: profiles.json in the config folder, shared by the app and the CLI, written atomically. */
import { join } from 'node:path';
import { profileSchema, type Profile } from '../../shared/mapping/profile';
import { TxpError } from '../../shared/txp-error';
import { NamedListFile } from './json-list-file';

export class ProfileStore {
  private readonly file: NamedListFile<Profile>;

  constructor(dir: string) {
    this.file = new NamedListFile(join(dir, 'profiles.json'), 'profiles', profileSchema, 'profiles');
  }

  list(): Promise<Profile[]> {
    return this.file.read();
  }

  async get(name: string): Promise<Profile> {
    const profile = await this.file.named(name);
    if (!profile) throw new TxpError('USAGE', `No profile named "${name}". Save one with --save-profile NAME.`);
    return profile;
  }

  async findBySignature(signature: string): Promise<Profile | null> {
    if (signature === '') return null;
    const matches = (await this.list()).filter((p) => p.signature === signature);
    return matches.sort((a, b) => b.savedAt.localeCompare(a.savedAt))[0] ?? null;
  }

  async save(profile: Profile): Promise<void> {
    const profiles = await this.file.others(profile.name);
    profiles.push(profile);
    await this.file.write(profiles);
  }
}
