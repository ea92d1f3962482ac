import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { privateTempDir, sweepTempFiles, tempFileName } from '../../../main/sending/temp-files';

const config = mkdtempSync(join(tmpdir(), 'txp-config-'));
afterAll(() => rmSync(config, { recursive: true, force: true }));

describe('temporary upload files', () => {
  it('live in a private folder and are swept when their process has died', async () => {
    const dir = await privateTempDir(config);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    // A process that has certainly ended: it ran and exited.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const leftover = join(dir, `upload-${dead}-deadbeef.csv`);
    const ours = join(dir, tempFileName('.csv'));
    writeFileSync(leftover, '+12125550125\r\n');
    writeFileSync(ours, '+12125550199\r\n');
    expect(await sweepTempFiles(config)).toBe(1);
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(ours)).toBe(true);
  });
});
