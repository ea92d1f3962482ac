/**
 * Packaging cannot run here (no Electron binary), so the electron-builder configuration is
 * checked the way electron-builder itself checks it before building: loaded with its own
 * loader and validated against its own schema.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/run-txp';

const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<Record<string, unknown>>;
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
};

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema validation', async () => {
    const config = await getConfig(REPO_ROOT, null, null);
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
    expect(config['appId']).toBe('com.textpower.uploadassistant');
  });

  it('flips Electron’s fuses: no run-as-Node, NODE_OPTIONS or --inspect; encrypted cookies; the app only from its checked app.asar', async () => {
    const config = await getConfig(REPO_ROOT, null, null);
    expect(config['electronFuses']).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    expect(config['asar']).toBe(true);
    // runAsNode off is safe only while the app itself never needs Electron as Node.
    const grep = spawnSync('grep', ['-rlE', 'ELECTRON_RUN_AS_NODE|utilityProcess|\\bfork\\(', resolve(REPO_ROOT, 'main')], { encoding: 'utf8' });
    expect(grep.status).toBe(1); // grep found nothing
    expect(grep.stdout).toBe('');
    // The one module that starts processes runs the OS scheduler's own programs (systemctl, crontab,
    // launchctl, schtasks), never this executable, and refuses to write a task around Electron.
    const spawners = spawnSync('grep', ['-rl', 'child_process', resolve(REPO_ROOT, 'main')], { encoding: 'utf8' });
    expect(spawners.stdout.trim().split('\n')).toEqual([resolve(REPO_ROOT, 'main/automation/os-schedule.ts')]);
    const schedule = readFileSync(resolve(REPO_ROOT, 'main/automation/os-schedule.ts'), 'utf8');
    expect(schedule).not.toMatch(/execFile\(\s*process\.execPath|spawn\(/);
    expect(schedule).toContain('process.versions.electron');
  });

  it('targets NSIS, DMG, AppImage and deb with resources from build/', async () => {
    const config = (await getConfig(REPO_ROOT, null, null)) as Record<string, { target?: unknown; icon?: string } | undefined>;
    const targetNames = (platform: string) => JSON.stringify(config[platform]?.target);
    expect(targetNames('win')).toContain('nsis');
    expect(targetNames('mac')).toContain('dmg');
    expect(targetNames('linux')).toContain('AppImage');
    expect(targetNames('linux')).toContain('deb');
    for (const platform of ['win', 'mac', 'linux']) {
      const icon = config[platform]?.icon;
      expect(icon && existsSync(resolve(REPO_ROOT, icon))).toBe(true);
    }
    const png = readFileSync(resolve(REPO_ROOT, 'build/icon.png'));
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512); // macOS needs at least 512×512
    expect(existsSync(resolve(REPO_ROOT, 'build/entitlements.mac.plist'))).toBe(true);
  });
});
