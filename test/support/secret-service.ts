/**
 * A real Secret Service for keychain tests: a private D-Bus session (dbus-run-session) with
 * GNOME Keyring's daemon unlocked in it, and a throw-away HOME so that its keyring file lives
 * in a temporary folder. The script runs inside that session; everything ends with it.
 */
import { spawn } from 'node:child_process';
import { requireSystemParts } from './system-parts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SessionRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export async function runInSecretServiceSession(script: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<SessionRun> {
  await requireSystemParts('gnome-keyring', 'dbus');
  const home = mkdtempSync(join(tmpdir(), 'txp-keyring-home-'));
  const wrapped = `printf unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null\n${script}`;
  return new Promise<SessionRun>((resolve, reject) => {
    const child = spawn('dbus-run-session', ['--', 'sh', '-ec', wrapped], {
      env: { ...process.env, HOME: home, XDG_DATA_HOME: join(home, '.local/share'), XDG_RUNTIME_DIR: home, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      rmSync(home, { recursive: true, force: true });
      // dbus-daemon complains about fd limits when not privileged; that line is noise.
      resolve({ status, stdout, stderr: stderr.replace(/^.*Failed to set fd limit.*\n/gm, '') });
    });
  });
}
