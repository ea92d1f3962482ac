/** Runs the real `txp` command from the checkout, as a user would (`node bin/txp.mjs …`). */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

export interface TxpRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runTxp(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string; user?: { uid: number; gid: number } } = {}): Promise<TxpRun> {
  return new Promise((resolveRun, rejectRun) => {
    const child = spawn(process.execPath, [resolve(REPO_ROOT, 'bin/txp.mjs'), ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rejectRun(new Error(`txp ${args.join(' ')} did not finish in ${options.timeoutMs ?? 60_000} ms`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', rejectRun);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolveRun({ status, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
