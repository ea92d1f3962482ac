/**
 * The progress line of `txp check | convert | send` for a big file: drawn on a terminal (a
 * real pseudo-terminal from util-linux's `script`), never in a pipe or with --json.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { terminalProgress } from '../../../main/cli/terminal-progress';
import { REPO_ROOT, runTxp } from '../../support/run-txp';
import { FixtureDir } from '../../support/spreadsheet-fixtures';

const fixtures = new FixtureDir();
afterAll(() => fixtures.remove());

describe('terminalProgress', () => {
  it('draws rows, share, rate and time left in place, after the first second, and clears the line', () => {
    const written: string[] = [];
    let clock = 0;
    const line = terminalProgress({ stdout: () => undefined, stderr: (t) => written.push(t), stderrIsTerminal: true }, 'Checking a.csv', 1000, false, () => clock);
    clock = 500;
    line.rows?.(100); // within the first second: nothing
    clock = 2000;
    line.rows?.(500);
    clock = 2100;
    line.rows?.(600); // redrawn at most four times a second
    line.done();
    expect(written).toEqual(['\rChecking a.csv: 500 rows (50 %) · 250 rows/s · about 2 s left\x1b[K', '\r\x1b[K']);
  });

  it('draws nothing when stderr is no terminal, or with --json', () => {
    for (const [terminal, json] of [
      [false, false],
      [true, true],
    ] as const) {
      const written: string[] = [];
      const line = terminalProgress({ stdout: () => undefined, stderr: (t) => written.push(t), stderrIsTerminal: terminal }, 'x', 10, json, () => 5000);
      line.rows?.(5);
      line.done();
      expect(written).toEqual([]);
    }
  });
});

describe('txp check of a big file', () => {
  const rows = ['Name,Phone', ...Array.from({ length: 1_500_000 }, (_, i) => `P${i},(212) 555-${String(i % 10_000).padStart(4, '0')}`)].join('\n') + '\n';

  it.skipIf(!existsSync('/usr/bin/script'))('shows the progress line on a terminal', () => {
    const path = fixtures.text('big.csv', rows);
    const run = spawnSync('/usr/bin/script', ['-qec', `${process.execPath} bin/txp.mjs check ${path}`, '/dev/null'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/\rChecking big\.csv: [\d,]+ rows \(\d+ %\) · [\d,]+ rows\/s/);
    expect(run.stdout).toContain('Rows 1,500,000');
  });

  it('prints no progress line into a pipe', async () => {
    const path = fixtures.text('big-pipe.csv', rows);
    const run = await runTxp(['check', path]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });
});
