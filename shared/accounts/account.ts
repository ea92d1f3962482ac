/**
 * An SFTP account (DESIGN.md §3): where uploads go and as whom. Secrets (password, key
 * passphrase) are never part of it: they live in the OS keychain only.
 */
import { z } from 'zod';

export const DEFAULT_HOST = 'sftp.textpower.com';

/** A pinned host key: what the user trusted on first contact. */
export const hostKeySchema = z.object({
  /** OpenSSH's form: "SHA256:" + unpadded base64 of the SHA-256 of the key blob. */
  fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
  algorithm: z.string(),
  trustedAt: z.string(),
});
export type HostKey = z.infer<typeof hostKeySchema>;

/** TextPower's web-service endpoint (textpower-service.md §1.1). */
export const DEFAULT_API_URL = 'https://secure.textpower.com/TPIServices/BasicInterfaceJSONV4.asmx';

/**
 * Access to TextPower's web services (SOAP), which TextPower grants per account on request.
 * The API login differs from the SFTP id; its password lives in the keychain like the SFTP one.
 * Where per-number status is asked is an account setting, because TextPower has not published
 * ManageOptin's service, parameters or answer: the defaults are this project's guess, checked
 * against the service's WSDL before any number is asked.
 */
export const apiAccessSchema = z.object({
  /** The API user id (UID), not the SFTP id. */
  uid: z.string().min(1).max(100),
  /** The campaign (a sub-account) that owns the upload's keyword. */
  campaign: z.string().min(1).max(100),
  url: z.string().url().max(500),
  /** The operation that answers a number's opt status, and its parameters. */
  statusOperation: z.string().min(1).max(100),
  numberParameter: z.string().min(1).max(100),
  commandParameter: z.string().max(100),
  commandValue: z.string().max(100),
  /** Client-side rate limit: requests per second and at once. */
  ratePerSecond: z.number().positive().max(50),
  concurrency: z.number().int().min(1).max(8),
});
export type ApiAccess = z.infer<typeof apiAccessSchema>;

export const API_DEFAULTS: Omit<ApiAccess, 'uid' | 'campaign'> = {
  url: DEFAULT_API_URL,
  statusOperation: 'ManageOptin',
  numberParameter: 'CellNumber',
  commandParameter: 'Command',
  commandValue: 'Query',
  ratePerSecond: 2,
  concurrency: 2,
};

/** The keychain entry of an account's API password (the SFTP secret is under the account's name). */
export function apiSecretName(account: string): string {
  return `${account} (API)`;
}

export const accountSchema = z.object({
  name: z.string().regex(/^[\w .-]{1,64}$/, 'letters, digits, spaces, dots, dashes and underscores, up to 64'),
  host: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65535),
  /** The SFTP user id, e.g. txpftp012345 (not the portal login). */
  user: z.string().min(1).max(100),
  auth: z.enum(['password', 'key']),
  /** Private key file, for auth "key". */
  keyFile: z.string().nullable(),
  uploadDir: z.string().min(1),
  resultsDir: z.string().min(1),
  keyword: z.string().nullable(),
  hostKey: hostKeySchema.nullable(),
  /** TextPower web-service access, where the account has it (absent or null: none). */
  api: apiAccessSchema.nullable().optional(),
});
export type Account = z.infer<typeof accountSchema>;

/** What the UI and `txp account list` may see: the account, and whether a secret is saved. */
/** An account as shown: whether its passwords are saved (unknown while the keychain is locked). */
export type AccountView = Account & { hasSecret: boolean; hasApiSecret: boolean; keychainLocked: boolean };

/** The built-in sandbox's account: the default until a real account exists (DESIGN.md §4). */
export const SANDBOX_ACCOUNT = 'Sandbox';
