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
});
export type Account = z.infer<typeof accountSchema>;

/** What the UI and `txp account list` may see: the account, and whether a secret is saved. */
export type AccountView = Account & { hasSecret: boolean };

/** The built-in sandbox's account: the default until a real account exists (DESIGN.md §4). */
export const SANDBOX_ACCOUNT = 'Sandbox';
