/** Accounts on disk: accounts.json in the config folder, no secrets in it, written atomically. */
import { join } from 'node:path';
import { accountSchema, type Account } from '../../shared/accounts/account';
import { TxpError } from '../../shared/txp-error';
import { NamedListFile } from '../config/json-list-file';

export class AccountStore {
  private readonly file: NamedListFile<Account>;

  constructor(dir: string) {
    this.file = new NamedListFile(join(dir, 'accounts.json'), 'accounts', accountSchema, 'accounts');
  }

  list(): Promise<Account[]> {
    return this.file.read();
  }

  async get(name: string): Promise<Account> {
    const account = await this.file.named(name);
    if (!account) throw new TxpError('USAGE', `No account named "${name}". Add one with "txp account add ${name} --user ID".`);
    return account;
  }

  async save(account: Account): Promise<void> {
    const checked = accountSchema.safeParse(account);
    if (!checked.success) throw new TxpError('USAGE', `Account "${account.name}": ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`);
    const accounts = await this.file.others(account.name);
    accounts.push(checked.data);
    accounts.sort((a, b) => a.name.localeCompare(b.name));
    await this.file.write(accounts);
  }

  async remove(name: string): Promise<Account> {
    const account = await this.get(name);
    await this.file.write(await this.file.others(account.name));
    return account;
  }
}
