/** The preflight `npm test` runs first: it names what is missing and the one command that installs it, before any test. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = resolve(import.meta.dirname, 'system-parts.mjs');
const run = (env: NodeJS.ProcessEnv, ...args: string[]) => spawnSync(process.execPath, [script, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });

describe('system parts preflight', () => {
  it('says all is present on a machine that has the parts (this one: the suite runs after it)', () => {
    const result = run({}, '--check');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('all present');
  });

  it('names each missing part with its package, prints the one install command, and stops', () => {
    // No program on PATH and no Chromium: everything found through PATH is missing.
    const result = run({ PATH: '/nonexistent', CHROMIUM_PATH: '/nonexistent/chromium' }, '--check');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Chromium (the UI tests) [chromium]');
    expect(result.stderr).toContain('GNOME Keyring (the keychain tests) [gnome-keyring]');
    expect(result.stderr).toMatch(/apt-get update && apt-get install -y --no-install-recommends chromium openssh-client gnome-keyring dbus/);
    expect(result.stderr).toContain('No test was run.');
  });
});
