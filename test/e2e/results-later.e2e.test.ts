/**
 * Results are never lost, in real Chromium: while the sandbox is still processing an upload
 * the user chooses "Check later", reloads the page (as quitting the app would drop its
 * memory), and fetches the results from History — processed, with each number's status from
 * the sandbox's web service. The sandbox holds every upload for a few seconds, as TextPower
 * may hold one for minutes.
 */
import AxeBuilder from '@axe-core/playwright';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp, SCREENSHOTS, useE2eHarness } from '../support/e2e-harness';

const harness = useE2eHarness('txp-e2e-later-', { sandbox: { processingDelayMs: 4000 } });

describe('results after "Check later" and a reload', () => {
  it('are fetched from History, processed, with per-number status', { timeout: 90_000 }, async () => {
    const { page, errors } = await openApp(harness);
    const csv = ['Name,Mobile', 'Ann,(212) 555-0124', 'Bob,(646) 555-0143', 'Cy,(917) 555-0162'].join('\n') + '\n';
    await page.getByTestId('file-picker').setInputFiles(harness.fixtures.text('later contacts.csv', csv));
    await page.getByRole('button', { name: 'Next: map columns' }).click();
    await page.getByRole('button', { name: 'Next: check the numbers' }).click();
    await page.getByRole('button', { name: /^Send 3 numbers to Sandbox$/ }).click();
    await page.getByTestId('confirm-send').getByRole('button', { name: 'Send', exact: true }).click();

    // Still in the drop folder: the user does not wait.
    await page.getByRole('heading', { name: 'Waiting for TextPower to process the file…' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Check later' }).click();
    await page.getByRole('heading', { name: 'Results later' }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('results-later').textContent()).toMatch(/has not confirmed processing later contacts\.csv yet .*Nothing is lost/);
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await page.screenshot({ path: resolve(SCREENSHOTS, 'screen-results-later.png') });

    // The page is gone (as when the app is quit) and comes back: History still offers the results.
    await page.reload();
    await page.getByTestId('active-account').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'History', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: 'later contacts.csv' });
    await expect.poll(() => row.getByTestId('history-results').textContent(), { timeout: 10_000 }).toContain('not fetched yet');
    await row.getByRole('button', { name: /^Get results of later contacts\.csv/ }).click();

    await page.getByRole('heading', { name: /^Results/ }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('results-processed').textContent()).toMatch(/The sandbox processed the file at .+: it left the drop folder\./);
    expect(await page.getByTestId('results-source').textContent()).toContain('Opt status per number: from the sandbox (simulated).');
    const grid = page.getByRole('grid', { name: 'Results per number' });
    await expect.poll(() => grid.getByRole('row').filter({ hasText: '+16465550143' }).textContent()).toContain('opted in');

    // History now says what the results were (counts only) and can fetch them again.
    await page.getByRole('button', { name: 'History', exact: true }).click();
    await expect.poll(() => row.getByTestId('history-results').textContent(), { timeout: 10_000 }).toMatch(/processed · \d+ opted in.*\(simulated\)/);
    expect(await row.getByRole('button', { name: /^Get results of later contacts\.csv/ }).textContent()).toBe('Get results again');
    await page.screenshot({ path: resolve(SCREENSHOTS, 'screen-history-results.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
