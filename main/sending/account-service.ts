/**
 * Accounts as the app and the CLI manage them: the account in the config folder, its secret
 * in the keychain (write-only from the page's side: it learns `hasSecret`, never the secret),
 * and host-key trust on first contact.
 */
import { API_DEFAULTS, apiSecretName, DEFAULT_HOST, SANDBOX_ACCOUNT, type Account, type AccountView, type ApiAccess } from '../../shared/accounts/account';
import { TxpError } from '../../shared/txp-error';
import { accountConnector, fetchHostKey, type SeenHostKey } from './sftp-session';
import type { AccountStore } from './account-store';
import type { SecretStore } from './secret-store';

export interface AccountInput {
  name: string;
  user: string;
  host?: string;
  port?: number;
  keyFile?: string | null;
  uploadDir?: string;
  resultsDir?: string;
  keyword?: string | null;
  /** A new password (or key passphrase) to keep in the keychain. */
  secret?: string;
  /** TextPower web-service access (null: none); its password goes to the keychain. */
  api?: ApiAccess | null;
  apiSecret?: string;
}

export class AccountService {
  constructor(
    readonly store: AccountStore,
    readonly secrets: SecretStore,
  ) {}

  async view(account: Account): Promise<AccountView> {
    // A locked keychain cannot say whether it holds a password: that is shown as such, not as "none".
    let keychainLocked = false;
    const saved = (name: string) =>
      this.secrets.get(name).then(
        (secret) => secret !== null,
        () => ((keychainLocked = true), false),
      );
    const hasSecret = await saved(account.name);
    const hasApiSecret = await saved(apiSecretName(account.name));
    return { ...account, hasSecret, hasApiSecret, keychainLocked };
  }

  /** The account's API password from the keychain, or null; a locked keychain is an UNAVAILABLE error. */
  apiSecret(account: Account): Promise<string | null> {
    return this.secrets.get(apiSecretName(account.name));
  }

  async list(): Promise<AccountView[]> {
    return Promise.all((await this.store.list()).map((a) => this.view(a)));
  }

  async save(input: AccountInput): Promise<AccountView> {
    const previous = (await this.store.list()).find((a) => a.name.toLowerCase() === input.name.toLowerCase());
    const host = input.host ?? previous?.host ?? DEFAULT_HOST;
    const port = input.port ?? previous?.port ?? 22;
    const keyFile = input.keyFile !== undefined ? input.keyFile : (previous?.keyFile ?? null);
    const account: Account = {
      name: input.name,
      host,
      port,
      user: input.user,
      auth: keyFile ? 'key' : 'password',
      keyFile,
      uploadDir: input.uploadDir ?? previous?.uploadDir ?? '/',
      resultsDir: input.resultsDir ?? previous?.resultsDir ?? '/results',
      keyword: input.keyword !== undefined ? input.keyword : (previous?.keyword ?? null),
      // A pinned key stays pinned only for the same server.
      hostKey: previous && previous.host === host && previous.port === port ? previous.hostKey : null,
      api: input.api !== undefined ? input.api : (previous?.api ?? null),
    };
    await this.store.save(account);
    try {
      if (input.secret !== undefined && input.secret !== '') await this.secrets.set(account.name, input.secret);
      if (input.apiSecret !== undefined && input.apiSecret !== '') await this.secrets.set(apiSecretName(account.name), input.apiSecret);
    } catch (error) {
      // The keychain refused: the account goes back to what it was, so nothing is half saved.
      if (previous) await this.store.save(previous);
      else await this.store.remove(account.name);
      throw error;
    }
    return this.view(account);
  }

  async remove(name: string): Promise<Account> {
    const account = await this.store.remove(name);
    await this.secrets.delete(account.name).catch(() => undefined);
    await this.secrets.delete(apiSecretName(account.name)).catch(() => undefined);
    return account;
  }

  /** Looks at the server's key: new (never trusted), trusted (matches the pin) or changed. */
  async checkHostKey(name: string): Promise<{ account: Account; seen: SeenHostKey; status: 'new' | 'trusted' | 'changed' }> {
    const account = await this.store.get(name);
    const seen = await fetchHostKey({ host: account.host, port: account.port });
    const status = !account.hostKey ? 'new' : account.hostKey.fingerprint === seen.fingerprint ? 'trusted' : 'changed';
    return { account, seen, status };
  }

  /**
   * Logs in and looks at the upload folder, once the server's key is the trusted one: a new or
   * changed key is returned for the user to judge (nothing is logged in to). A wrong password
   * is an AUTH error here, before any send; a missing upload folder a TRANSFER error.
   */
  async testLogin(
    name: string,
    given: string | null = null,
  ): Promise<{ status: 'loggedIn'; host: string; user: string; uploadDir: string } | { status: 'new' | 'changed'; fingerprint: string; algorithm: string; pinned: string | null }> {
    const { account, seen, status } = await this.checkHostKey(name);
    if (status !== 'trusted') return { status, fingerprint: seen.fingerprint, algorithm: seen.algorithm, pinned: account.hostKey?.fingerprint ?? null };
    const secret = given ?? (await this.secrets.get(account.name));
    const session = await accountConnector(account, secret)(new AbortController().signal);
    try {
      const folder = await session.stat(account.uploadDir);
      if (!folder)
        throw new TxpError(
          'TRANSFER',
          `Logged in to ${account.host} as ${account.user}, but the upload folder ${account.uploadDir} does not exist there. Check the upload folder in the account's settings.`,
        );
      return { status: 'loggedIn', host: `${account.host}:${account.port}`, user: account.user, uploadDir: account.uploadDir };
    } finally {
      session.close();
    }
  }

  /**
   * Pins the key the server shows, if it is `fingerprint`. A changed key is pinned only with
   * `replaceChangedKey` (the CLI's explicit --fingerprint after TextPower confirmed it).
   */
  async trustHostKey(name: string, fingerprint: string, options: { replaceChangedKey?: boolean } = {}): Promise<AccountView> {
    const { account, seen, status } = await this.checkHostKey(name);
    const where = `${account.host}:${account.port}`;
    if (seen.fingerprint !== fingerprint) {
      throw new TxpError('HOST_KEY', `${where} shows ${seen.algorithm} key ${seen.fingerprint}, not ${fingerprint}. Nothing was trusted.`);
    }
    if (status === 'changed' && !options.replaceChangedKey) {
      throw changedKeyError(account, seen);
    }
    const trusted = { ...account, hostKey: { fingerprint: seen.fingerprint, algorithm: seen.algorithm, trustedAt: new Date().toISOString() } };
    await this.store.save(trusted);
    return this.view(trusted);
  }
}

export { SANDBOX_ACCOUNT };

/**
 * The built-in sandbox as an account: its key is ours (generated in its folder), so it is
 * pinned directly; its password changes at every start and is saved again each time.
 */
export interface RunningSandbox {
  host: string;
  port: number;
  user: string;
  password: string;
  fingerprint: string;
  algorithm: string;
  /** Its simulated web service. */
  api: { url: string; user: string; password: string; campaign: string };
}

/** The account of a running sandbox; its key is pinned because we generated it. */
export function sandboxAccount(sandbox: RunningSandbox): Account {
  return {
    name: SANDBOX_ACCOUNT,
    host: sandbox.host,
    port: sandbox.port,
    user: sandbox.user,
    auth: 'password',
    keyFile: null,
    uploadDir: '/',
    resultsDir: '/results',
    keyword: 'SANDBOX',
    hostKey: { fingerprint: sandbox.fingerprint, algorithm: sandbox.algorithm, trustedAt: new Date().toISOString() },
    api: { ...API_DEFAULTS, uid: sandbox.api.user, campaign: sandbox.api.campaign, url: sandbox.api.url },
  };
}

export async function useSandboxAccount(service: AccountService, sandbox: RunningSandbox): Promise<void> {
  await service.store.save(sandboxAccount(sandbox));
  await service.secrets.set(SANDBOX_ACCOUNT, sandbox.password);
  await service.secrets.set(apiSecretName(SANDBOX_ACCOUNT), sandbox.api.password);
}

/** Until a real account is added, the app works against the sandbox: start it and register it. */
export async function startDefaultSandbox<S extends RunningSandbox & { close(): Promise<void> }>(service: AccountService, dir: string, start: (dir: string) => Promise<S>): Promise<S | null> {
  const real = (await service.store.list()).filter((a) => a.name !== SANDBOX_ACCOUNT);
  if (real.length > 0) return null;
  const sandbox = await start(dir);
  await useSandboxAccount(service, sandbox);
  return sandbox;
}

export function changedKeyError(account: Account, seen: SeenHostKey): TxpError {
  return new TxpError(
    'HOST_KEY',
    `The host key of ${account.host}:${account.port} has changed: it is now ${seen.fingerprint}, but ${account.hostKey?.fingerprint ?? '(none)'} was trusted. The trusted key is kept. ` +
      `If TextPower confirms the new key, run: txp account trust ${account.name} --fingerprint ${seen.fingerprint}`,
  );
}
