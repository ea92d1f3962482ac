/**
 * Settings › Automation in Chromium, against the real services behind the bridge and the app's
 * own sandbox: add an automation in plain words, drop an export into its folder and see the
 * app send it by itself (and say so), see a broken file refused with its reason, ask for it to run
 * while the app is closed on a computer without a scheduler, and remove it.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { exportText } from '../support/automation-fixture';
import { openApp, SCREENSHOTS, useE2eHarness } from '../support/e2e-harness';
import { runTxp } from '../support/run-txp';

const harness = useE2eHarness('txp-e2e-automation-');
const folder = mkdtempSync(join(tmpdir(), 'txp-e2e-exports-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const notice = (page: Page) => page.getByTestId('notice').textContent();
const shoot = (page: Page, name: string) => page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });

describe('Settings › Automation', () => {
  it('sends a file dropped into the folder by itself, refuses a broken one with its reason, and says what it did', { timeout: 120_000 }, async () => {
    // A profile saved from an earlier export, as the Map screen's "Save as profile" does.
    const sample = join(folder, '..', `${folder.split('/').at(-1)}-sample.csv`);
    writeFileSync(sample, exportText([1, 2, 3]));
    const saved = await runTxp(['check', sample, '--phone', 'Phone', '--remove-when', 'Opt Out=Yes', '--save-profile', 'CRM'], { env: { TXP_CONFIG_DIR: join(harness.work, 'config') } });
    rmSync(sample);
    expect(saved.status).toBe(0);

    const { page, errors } = await openApp(harness);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Automation' }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Add an automation' }).click();
    const form = page.getByRole('form', { name: 'New automation' });
    await form.getByLabel('Name').fill('Nightly CRM');
    await form.getByLabel('Folder the CRM exports to').fill(folder);
    await form.getByLabel('Files to take').fill('contacts_*.csv');
    await form.getByLabel('Keyword (empty: the account’s)').fill('DEMO');
    await form.getByLabel('Each new file, as it arrives').check();
    // Mirror mode explains itself, and says plainly that it needs the keychain this harness lacks.
    await form.getByLabel('Also remove the numbers that are no longer in the export').check();
    expect(await form.getByRole('status').textContent()).toContain('Mirror mode needs the system keychain');
    await shoot(page, 'settings-automation-new');
    await form.getByLabel('Also remove the numbers that are no longer in the export').uncheck();
    await form.getByRole('button', { name: 'Save automation' }).click();
    await expect.poll(() => notice(page), { timeout: 10_000 }).toContain('Saved the automation “Nightly CRM”. It runs while the app is open.');
    const row = page.getByRole('row', { name: /Nightly CRM/ });
    expect(await row.textContent()).toContain(`Each new file named like contacts_*.csv in ${folder}, with the profile “CRM”, to Sandbox (keyword DEMO).`);
    expect(await row.textContent()).toContain('not run yet');

    // An export lands in the folder: the app takes it once it has stopped growing and sends it.
    writeFileSync(join(folder, 'contacts_0102.csv'), exportText([1, 2, 3, 4]));
    writeFileSync(join(folder, 'notes.txt'), 'not an export');
    await expect.poll(() => notice(page), { timeout: 30_000 }).toContain('“Nightly CRM”: Sent contacts_0102.csv: 4 numbers');
    expect(readdirSync(join(folder, 'sent'))).toEqual(['contacts_0102.csv']);
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toMatch(/sent contacts_0102\.csv/);
    await shoot(page, 'settings-automation-sent');

    // A broken export is refused, moved aside with its reason, and the page says so as an alert.
    writeFileSync(join(folder, 'contacts_0103.csv'), '');
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 }).toContain('“Nightly CRM”: Not sent: contacts_0103.csv: contacts_0103.csv is empty. Nothing was sent.');
    expect(readFileSync(join(folder, 'failed', 'contacts_0103.csv.reason.txt'), 'utf8')).toBe('contacts_0103.csv is empty. Nothing was sent.\n');
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('contacts_0103.csv not sent. contacts_0103.csv is empty.');
    await shoot(page, 'settings-automation-failed');
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    // History has both runs, with the automation's name and, for the refused file, why.
    await page.getByRole('button', { name: 'History', exact: true }).click();
    const refused = page.getByRole('row', { name: /contacts_0103\.csv/ });
    await refused.waitFor({ timeout: 10_000 });
    expect(await refused.textContent()).toContain('by the automation “Nightly CRM”');
    expect(await refused.textContent()).toContain('failed: contacts_0103.csv is empty. Nothing was sent.');
    expect(await page.getByRole('row', { name: /contacts_0102\.csv/ }).textContent()).toContain('by the automation “Nightly CRM”');
    await shoot(page, 'history-automation');
    await page.getByRole('button', { name: 'Settings', exact: true }).click();

    await page.getByRole('button', { name: 'Run Nightly CRM now' }).click();
    await expect.poll(() => notice(page), { timeout: 15_000 }).toContain('“Nightly CRM”: no new file to send.');

    // This machine has no scheduler: nothing is installed, and the words say what still works.
    await page.getByRole('button', { name: 'Run Nightly CRM when the app is closed' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 })
      .toMatch(/scheduler .*so nothing was installed\..*runs the automation while it is open|still runs while the app is open/);
    const text = (await page.getByRole('alert').textContent()) ?? '';
    expect(text).not.toMatch(/--|txp |ENOENT|\/tmp\//);

    await page.getByRole('button', { name: 'Remove Nightly CRM' }).click();
    await page.getByRole('button', { name: 'Confirm: remove Nightly CRM' }).click();
    await expect.poll(() => notice(page), { timeout: 10_000 }).toContain('Removed the automation “Nightly CRM”. The files in its folder stay where they are.');
    expect(await page.getByRole('row', { name: /Nightly CRM/ }).count()).toBe(0);
    // Removed, it no longer watches: a new export stays where it is.
    writeFileSync(join(folder, 'contacts_0104.csv'), exportText([5]));
    await new Promise((r) => setTimeout(r, 7000));
    expect(existsSync(join(folder, 'contacts_0104.csv'))).toBe(true);
    expect(errors).toEqual([]);
  });
});
