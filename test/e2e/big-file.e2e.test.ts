/**
 * A 1,000,000-row CSV in the preview grid, in real Chromium: the first rows are on screen
 * while the rest is still being read (with a progress bar), every row arrives, and the last
 * row can be scrolled to. Time to the first rows is measured by `npm run bench`, not here.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2eHarness } from '../support/e2e-harness';

const ROWS = 1_000_000;
const harness = useE2eHarness('txp-big-');
const bigCsv = join(harness.work, 'big-export.csv');

async function writeBigCsv(): Promise<void> {
  const out = createWriteStream(bigCsv);
  out.write('First Name,Last Name,Mobile Phone,Segment\n');
  for (let i = 0; i < ROWS; i += 10_000) {
    let chunk = '';
    for (let j = i; j < i + 10_000; j++) chunk += `Name${j},Family${j},(212) 555-${String(j % 10_000).padStart(4, '0')},Seg${j % 7}\n`;
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

beforeAll(writeBigCsv, 60_000);

describe('a 1,000,000-row file in the preview grid', () => {
  it('shows the first rows while the rest streams in, then scrolls to the last row', { timeout: 120_000 }, async () => {
    const page = await harness.browser.newPage({ viewport: { width: 1024, height: 700 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(harness.bridge.url);
    await page.getByTestId('active-account').waitFor({ timeout: 10_000 });
    await page.getByTestId('file-picker').setInputFiles(bigCsv);

    const grid = page.getByRole('grid', { name: 'Rows of big-export.csv' });
    await expect.poll(() => grid.locator('[data-row="2"]').textContent(), { timeout: 30_000 }).toContain('Name0');
    // The rest of the file was still being read when the first rows showed (a progress bar says so).
    const countWhenShown = await page.getByTestId('grid-count').textContent();
    expect(countWhenShown).toContain('so far');

    await expect.poll(() => page.getByTestId('grid-count').textContent(), { timeout: 90_000, interval: 500 }).toBe('1,000,001 rows');
    // Only what is on screen is in the page.
    expect(await grid.getByRole('row').count()).toBeLessThan(100);

    await page.getByTestId('grid-scroll').evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await expect.poll(() => grid.locator('[data-row="1000001"]').textContent(), { timeout: 10_000 }).toContain('Name999999');
    // And the middle, from main's copy of the table.
    await page.getByTestId('grid-scroll').evaluate((element) => element.scrollTo({ top: 500_000 * 30 }));
    await expect.poll(() => grid.locator('[data-row="500001"]').textContent(), { timeout: 10_000 }).toContain('Name499999');
    // A check of a million rows takes seconds: it shows its progress and can be cancelled from the page.
    await page.getByRole('button', { name: 'Map', exact: true }).click();
    await page.getByLabel('Role of Segment').selectOption('ignore');
    await page.getByRole('button', { name: 'Next: check the numbers' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click({ timeout: 10_000 });
    const stopped = page.getByRole('alert').filter({ hasText: 'The check did not finish' });
    await expect.poll(() => stopped.textContent(), { timeout: 10_000 }).toContain('Cancelled');
    // No temporary path (the page's copy of the file) is shown to the user.
    expect(await stopped.textContent()).not.toMatch(/\/tmp|opened-files|txp-/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
