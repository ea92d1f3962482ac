/**
 * End to end in real Chromium (Debian's /usr/bin/chromium via playwright-core): the built
 * renderer, served by the loopback bridge with the real main-process services, calls
 * `app.info` through the same API object the preload exposes in the desktop app.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SessionSecretStore } from '../../main/sending/secret-store';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHarness } from '../../main/bridge/start-web-harness';
import type { LoopbackBridge } from '../../main/bridge/loopback-bridge';
import { launchChromium } from '../support/chromium';
import { REPO_ROOT } from '../support/run-txp';

const RESULTS = resolve(REPO_ROOT, 'test-results');
let bridge: LoopbackBridge;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true });
  bridge = await startWebHarness({
    configDir: mkdtempSync(join(tmpdir(), 'txp-config-')),
    secrets: new SessionSecretStore('test: secrets are kept in memory'),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
});

describe('app shell in Chromium', () => {
  it('shows the app info from main and leaves a screenshot', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(bridge.url);
    await expect.poll(() => page.getByTestId('app-info').textContent(), { timeout: 10_000 }).toContain('Version 0.1.0');
    expect(await page.getByTestId('app-info').textContent()).toContain('browser harness');

    // The page sees one API object, as in the app: call app.info through it directly too.
    const info = await page.evaluate(async () => {
      const api = (window as unknown as { txp: { appInfo(): Promise<unknown> } }).txp;
      return api.appInfo();
    });
    expect(info).toMatchObject({ ok: true, value: { name: 'textpower-upload-assistant', version: '0.1.0', shell: 'browser' } });
    // The token has left the address bar.
    expect(page.url()).not.toContain('token');

    // The first screen: what to do next, and where the list would go.
    await expect.poll(() => page.getByTestId('active-account').textContent(), { timeout: 10_000 }).toContain('sandbox');
    await expect(page.getByRole('button', { name: 'Open a file…' }).isVisible()).resolves.toBe(true);

    await page.screenshot({ path: resolve(RESULTS, 'app-shell.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refuses a page opened without the token', async () => {
    const page = await browser.newPage();
    await page.goto(bridge.origin + '/');
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 10_000 }).toContain('without its access token');
    await page.close();
  });
});
