/**
 * Secrets (SFTP passwords, key passphrases) in the OS keychain through @napi-rs/keyring:
 * Keychain on macOS, Credential Manager on Windows, the Secret Service (GNOME Keyring,
 * KWallet) on Linux. On Linux the library would otherwise fall back silently to the kernel
 * keyring, which forgets everything at reboot; entries are pinned to the Secret Service, and
 * where it is missing the secret is kept for this session only, and the user is told.
 * A secret is never written to a file, an argument list or a log.
 */
import { Entry } from '@napi-rs/keyring';
import { TxpError } from '../../shared/txp-error';
import { PRODUCT_NAME } from '../app-meta';

export interface SecretStore {
  /** 'keychain' keeps secrets across restarts; 'session' only until the process ends. */
  readonly kind: 'keychain' | 'session';
  /** Why secrets are session-only, for the user; null with a keychain. */
  readonly warning: string | null;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<void>;
}

const SERVICE = PRODUCT_NAME;
const entryName = (account: string) => `sftp:${account.toLowerCase()}`;

export class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain';
  readonly warning = null;

  private entry(account: string): Entry {
    return new Entry(SERVICE, entryName(account), process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined);
  }

  async get(account: string): Promise<string | null> {
    return keychainCall('read', () => this.entry(account).getPassword() ?? null);
  }

  async set(account: string, secret: string): Promise<void> {
    keychainCall('save', () => this.entry(account).setPassword(secret));
  }

  async delete(account: string): Promise<void> {
    keychainCall('remove', () => this.entry(account).deletePassword());
  }
}

/**
 * A keychain call; a keychain that is there but refuses (locked, its unlock prompt dismissed,
 * no default keyring) is an UNAVAILABLE error in plain words, never the library's own text.
 * "No such entry" is not an error: `get` answers null for it.
 */
function keychainCall<T>(what: 'read' | 'save' | 'remove', call: () => T, thing?: string): T {
  try {
    return call();
  } catch (error) {
    throw new TxpError('UNAVAILABLE', keychainRefusal(what, thing), { cause: error });
  }
}

/** One value of the app's own in the OS keychain (not an account's password): the key of mirror mode's state. */
export interface KeychainValue {
  get(): Promise<string | null>;
  set(value: string): Promise<void>;
  delete(): Promise<void>;
}

/** The keychain entry `name` of this app; `thing` names it in errors ("The mirror key could not be read…"). */
export function keychainValue(name: string, thing: string): KeychainValue {
  const entry = () => new Entry(SERVICE, name, process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined);
  return {
    get: async () => keychainCall('read', () => entry().getPassword() ?? null, thing),
    set: async (value) => keychainCall('save', () => entry().setPassword(value), thing),
    delete: async () => {
      keychainCall('remove', () => entry().deletePassword(), thing);
    },
  };
}

/** What to tell the user when the keychain is there but will not answer. */
export function keychainRefusal(what: 'read' | 'save' | 'remove', thing = 'password'): string {
  const done = { read: `The ${thing} could not be read`, save: `The ${thing} was not saved`, remove: `The ${thing} could not be removed` }[what];
  const unlock =
    process.platform === 'linux'
      ? 'Unlock it (log in to the desktop, or open Passwords and Keys), or create a default keyring, then try again'
      : process.platform === 'darwin'
        ? 'Unlock it in Keychain Access, then try again'
        : 'Sign in to Windows again, then try again';
  return `${done}: the OS keychain is locked or has no default keyring. ${unlock}. Nothing was written in plain text.`;
}

/** Keeps secrets in this process's memory only. */
export class SessionSecretStore implements SecretStore {
  readonly kind = 'session';
  private readonly secrets = new Map<string, string>();

  constructor(readonly warning: string) {}

  async get(account: string): Promise<string | null> {
    return this.secrets.get(entryName(account)) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.secrets.set(entryName(account), secret);
  }

  async delete(account: string): Promise<void> {
    this.secrets.delete(entryName(account));
  }
}

/** The OS keychain if it answers; else a session-only store that says why. */
export function openSecretStore(): SecretStore {
  const keychain = new KeychainSecretStore();
  try {
    // A read of an entry that does not exist: cheap, and fails when there is no keychain.
    new Entry(SERVICE, '__probe__', process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined).getPassword();
    return keychain;
  } catch {
    // The library's own words ("Couldn't access platform storage: …") are not for the user.
    return new SessionSecretStore(
      `No usable OS keychain was found. The password is kept for this session only and must be given again next time` +
        (process.platform === 'linux' ? '; install and unlock GNOME Keyring or KWallet to keep it.' : '.'),
    );
  }
}
