/**
 * The preview in real Chromium (the browser harness, as the e2e tests drive it): from opening
 * the 1,000,000-row CSV to its first rows on screen, and to every row loaded in the grid.
 * Opened by File › Open… (the desktop app's way: the file is read where it is) and by the
 * browser's file picker (which first copies the file to the harness: a browser cannot give a
 * path). Prints one JSON line per run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionSecretStore } from '../../main/sending/secret-store';
import { startWebHarness } from '../../main/bridge/start-web-harness';
import { launchChromium } from '../support/chromium';

const [file, runsText] = process.argv.slice(2) as [string, string | undefined];
const config = mkdtempSync(join(tmpdir(), 'txp-ui-bench-'));
const harness = await startWebHarness({ configDir: config, secrets: new SessionSecretStore('bench') });
const browser = await launchChromium();
try {
  for (let run = 0; run < Number(runsText ?? 3); run++) {
    const timings: Record<string, number> = {};
    for (const way of ['menu', 'picker'] as const) {
      const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
      await page.goto(harness.url);
      await page.getByTestId('active-account').waitFor({ timeout: 30_000 });
      const started = performance.now();
      // "menu": File › Open… as in the desktop app, which opens the file where it is.
      // "picker": the browser's file picker, which first copies the file to the harness.
      if (way === 'menu') {
        await harness.files.grant(file); // as main does for its menu
        harness.send({ name: 'menu.fileOpened', payload: { path: file } });
      } else await page.getByTestId('file-picker').setInputFiles(file);
      await page.locator('[data-row="2"]').waitFor({ timeout: 60_000 });
      timings[`${way}FirstRowsMs`] = Math.round(performance.now() - started);
      await page
        .getByTestId('grid-count')
        .filter({ hasText: /^[\d,]+ rows$/ })
        .waitFor({ timeout: 120_000 });
      timings[`${way}AllRowsMs`] = Math.round(performance.now() - started);
      // Let the check that opening starts finish too, so that it does not slow the next run.
      await page.getByRole('button', { name: 'Check', exact: true }).click();
      await page.getByTestId('check-counts').waitFor({ timeout: 120_000 });
      await page.close();
    }
    console.log(JSON.stringify(timings));
  }
} finally {
  await browser.close();
  await harness.close();
  rmSync(config, { recursive: true, force: true });
}
