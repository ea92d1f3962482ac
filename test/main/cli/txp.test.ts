/** The `txp` entry, run as a real process from the checkout (no build step). */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runTxp } from '../../support/run-txp';

const version = (JSON.parse(readFileSync(resolve(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('txp', () => {
  it('prints the package version and nothing else', async () => {
    expect(await runTxp(['--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('works through "npm run -s txp" as the README shows', async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '-s', 'txp', '--', '--version'], { cwd: REPO_ROOT, timeout: 60_000 });
    expect(stdout).toBe(`${version}\n`);
  });

  it('prints help', async () => {
    const run = await runTxp(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: txp <command>');
  });

  it('ends a usage error with exit 2 and one line on stderr', async () => {
    const run = await runTxp(['frobnicate']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('txp: Unknown command "frobnicate". Run "txp --help" for the list.\n');
  });
});
