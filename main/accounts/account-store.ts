/** Accounts on disk: accounts.json in the config folder, no secrets in it, written atomically. */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { accountSchema, type Account } from '../../shared/accounts/account';
import { TxpError } from '../../shared/txp-error';
import { writeFileAtomic } from '../config/atomic-write';

const fileSchema = z.object({ version: z.literal(1), accounts: z.array(accountSchema) });

export class AccountStore {
  constructor(private readonly dir: string) {}

  private get path(): string {
    return join(this.dir, 'accounts.json');
  }

  async list(): Promise<Account[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const parsed = fileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new TxpError('INPUT', `${this.path} is not a valid accounts file; move it away to start afresh.`);
    return parsed.data.accounts;
  }

  async get(name: string): Promise<Account> {
    const account = (await this.list()).find((a) => a.name.toLowerCase() === name.toLowerCase());
    if (!account) throw new TxpError('USAGE', `No account named "${name}". Add one with "txp account add ${name} --user ID".`);
    return account;
  }

  async save(account: Account): Promise<void> {
    const checked = accountSchema.safeParse(account);
    if (!checked.success) throw new TxpError('USAGE', `Account "${account.name}": ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`);
    const accounts = (await this.list()).filter((a) => a.name.toLowerCase() !== account.name.toLowerCase());
    accounts.push(checked.data);
    accounts.sort((a, b) => a.name.localeCompare(b.name));
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.path, JSON.stringify({ version: 1, accounts }, null, 2) + '\n');
  }

  async remove(name: string): Promise<Account> {
    const account = await this.get(name);
    const accounts = (await this.list()).filter((a) => a !== account && a.name !== account.name);
    await writeFileAtomic(this.path, JSON.stringify({ version: 1, accounts }, null, 2) + '\n');
    return account;
  }
}
