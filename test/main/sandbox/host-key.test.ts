/** The sandbox's host key: every generated key must be one ssh2 can read back (mscdex/ssh2#1390). */
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { generateHostKey } from '../../../main/sandbox/sandbox-sftp-server';

describe('sandbox host key', () => {
  it('is always readable by ssh2, though ssh2’s own generator fails about once in 256', () => {
    // 3,000 keys: without the check, some 12 of them would be unreadable (the sandbox then fails to start).
    for (let i = 0; i < 3000; i++) {
      const parsed = ssh2.utils.parseKey(generateHostKey());
      expect(parsed instanceof Error ? parsed.message : 'ok').toBe('ok');
      const key = Array.isArray(parsed) ? parsed[0] : parsed;
      expect(ssh2.utils.parseKey((key as ssh2.ParsedKey).getPublicSSH()) instanceof Error).toBe(false);
    }
  });
});
