/**
 * Secrets in a real OS keychain: GNOME Keyring over the Secret Service in a private D-Bus
 * session. A password saved by one `txp` process is found by the next (so it is not the
 * session-only fallback), never lands in a file, and goes away with its account.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/run-txp';
import { runInSecretServiceSession } from '../../support/secret-service';

const config = mkdtempSync(join(tmpdir(), 'txp-config-'));
afterAll(() => rmSync(config, { recursive: true, force: true }));

describe('OS keychain (GNOME Keyring via the Secret Service)', () => {
  it('keeps the password across processes, out of every file, and forgets it with the account', async () => {
    const secret = 'correct horse battery staple';
    const txp = `node ${join(REPO_ROOT, 'bin/txp.mjs')}`;
    const run = await runInSecretServiceSession(
      [
        `printf '%s' "$TXP_TEST_SECRET" | ${txp} account add Keyed --user txpftp012345 --password-stdin`,
        `${txp} account list --json`,
        'echo ---',
        `${txp} account remove Keyed`,
        `${txp} account add Keyed --user txpftp012345`,
        `${txp} account list --json`,
      ].join('\n'),
      { TXP_CONFIG_DIR: config, TXP_TEST_SECRET: secret },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const [afterAdd, afterRemove] = run.stdout.split('---\n');
    const listed = (text: string) => JSON.parse(text.slice(text.indexOf('['), text.lastIndexOf(']') + 1)) as { name: string; hasSecret: boolean }[];
    expect(listed(afterAdd ?? '')).toMatchObject([{ name: 'Keyed', hasSecret: true }]);
    expect(listed(afterRemove ?? '')).toMatchObject([{ name: 'Keyed', hasSecret: false }]);
    for (const file of readdirSync(config, { recursive: true }) as string[]) {
      const path = join(config, file);
      try {
        expect(readFileSync(path, 'utf8')).not.toContain(secret);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
      }
    }
  });
});
