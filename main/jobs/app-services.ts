/**
 * The one composition root: the services behind the app, the browser harness and the CLI,
 * built in one place from the config folder. The Electron shell, the web harness and each
 * `txp` command ask for them here and wire nothing themselves.
 */
import { join } from 'node:path';
import type { Account } from '../../shared/accounts/account';
import { ProfileStore } from '../config/profile-store';
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/start-sandbox';
import { AccountService, sandboxAccount, startDefaultSandbox } from '../sending/account-service';
import { AccountStore } from '../sending/account-store';
import { openSecretStore, type SecretStore } from '../sending/secret-store';
import { sweepTempFiles } from '../sending/temp-files';
import { PipelineRunner } from './pipeline-runner';

export interface AppServices {
  /** The config folder shared by the app and the CLI (accounts, profiles, settings, history). */
  configDir: string;
  accounts: AccountService;
  profiles: ProfileStore;
  /** Worker threads for parsing, checking, sending (created on first use). */
  readonly pipeline: PipelineRunner;
  /** The sandbox this process started as the default account, if it did. */
  sandbox: Sandbox | null;
  /** Stops the workers and the sandbox. */
  close(): Promise<void>;
}

export interface AppServicesOptions {
  configDir: string;
  /** The keychain; the OS's own unless given (tests pass an in-memory store). */
  secrets?: SecretStore;
  /** The window's services: a spare worker kept ready, temporary files of a run that died swept, the sandbox as default account. */
  interactive?: boolean;
  /** Settings of that sandbox (tests: a processing delay). */
  sandbox?: Omit<SandboxOptions, 'dir'>;
}

export async function createAppServices(options: AppServicesOptions): Promise<AppServices> {
  const { configDir } = options;
  const accounts = new AccountService(new AccountStore(configDir), options.secrets ?? openSecretStore());
  let pipeline: PipelineRunner | null = options.interactive ? new PipelineRunner({ keepSpare: true }) : null;
  let sandbox: Sandbox | null = null;
  if (options.interactive) {
    // Temporary upload files left by a run that died are swept at start (DESIGN.md §1 step 5).
    await sweepTempFiles(configDir);
    // The sandbox (loopback only) is the default account until a real one is added (DESIGN.md §4).
    sandbox = await startDefaultSandbox(accounts, join(configDir, 'sandbox'), (dir) => startSandbox({ ...options.sandbox, dir }));
  }
  return {
    configDir,
    accounts,
    profiles: new ProfileStore(configDir),
    get pipeline() {
      return (pipeline ??= new PipelineRunner());
    },
    get sandbox() {
      return sandbox;
    },
    close: async () => {
      await pipeline?.cancelAll();
      await sandbox?.close();
      sandbox = null;
    },
  };
}

/**
 * The account a command sends to, with its secret: a saved account and the keychain's
 * secret (or one given on standard input), or a sandbox started for this command alone.
 */
export async function accountForCommand(
  services: AppServices,
  choice: { account?: string; sandbox?: boolean; secret?: () => Promise<string>; apiSecret?: () => Promise<string> },
): Promise<{ account: Account; secret: string | null; apiPassword: string | null; sandbox: Sandbox | null }> {
  if (choice.sandbox) {
    // Its key is the one just generated or kept in its folder, so it is trusted.
    const sandbox = await startSandbox({ dir: join(services.configDir, 'sandbox') });
    return { account: sandboxAccount(sandbox), secret: sandbox.password, apiPassword: sandbox.api.password, sandbox };
  }
  const account = await services.accounts.store.get(choice.account as string);
  const secret = choice.secret ? await choice.secret() : await services.accounts.secrets.get(account.name);
  return { account, secret, apiPassword: choice.apiSecret ? await choice.apiSecret() : await services.accounts.apiSecret(account), sandbox: null };
}
