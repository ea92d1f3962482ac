/**
 * One test file's app in a browser: the real main-process services behind the loopback
 * bridge (with the built-in sandbox as the default account), and Chromium. Started before the
 * file's tests, stopped after them, its folders removed.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { WebHarness } from '../../main/bridge/start-web-harness';
import { startWebHarness } from '../../main/bridge/start-web-harness';
import type { AppServicesOptions } from '../../main/jobs/app-services';
import { SessionSecretStore } from '../../main/sending/secret-store';
import { launchChromium } from './chromium';
import { REPO_ROOT } from './run-txp';
import { FixtureDir } from './spreadsheet-fixtures';

/** Where e2e tests put their screenshots. */
export const SCREENSHOTS = resolve(REPO_ROOT, 'test-results');

export interface E2eHarness {
  /** A folder of the file's own; the app's config folder is `config` inside it. */
  work: string;
  fixtures: FixtureDir;
  bridge: WebHarness;
  browser: Browser;
}

export function useE2eHarness(prefix: string, options: { sandbox?: AppServicesOptions['sandbox'] } = {}): E2eHarness {
  const harness = { work: mkdtempSync(join(tmpdir(), prefix)), fixtures: new FixtureDir() } as E2eHarness;
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    harness.bridge = await startWebHarness({
      configDir: join(harness.work, 'config'),
      secrets: new SessionSecretStore('test: secrets are kept in memory'),
      ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    });
    harness.browser = await launchChromium();
  });
  afterAll(async () => {
    await harness.browser?.close();
    await harness.bridge?.close();
    rmSync(harness.work, { recursive: true, force: true });
    harness.fixtures.remove();
  });
  return harness;
}

/** A fresh window on the app at 1024×700, its page errors and console errors collected, once the accounts are there. */
export async function openApp(harness: E2eHarness, colorScheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; errors: string[] }> {
  const context = await harness.browser.newContext({ viewport: { width: 1024, height: 700 }, colorScheme, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(harness.bridge.url);
  await page.getByTestId('active-account').waitFor({ timeout: 10_000 });
  return { page, errors };
}
