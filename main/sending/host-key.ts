import { createHash } from 'node:crypto';

/** OpenSSH's fingerprint of a host key blob: "SHA256:" + unpadded base64 of its SHA-256. */
export function hostKeyFingerprint(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

/** The key type named at the start of an SSH public key blob (RFC 4253 §6.6), e.g. ssh-ed25519. */
export function hostKeyAlgorithm(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  return length > 0 && length < 64 && blob.length >= 4 + length ? blob.toString('latin1', 4, 4 + length) : 'unknown';
}
