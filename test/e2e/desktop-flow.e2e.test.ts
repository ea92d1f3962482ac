/**
 * The whole job in real Chromium, as office staff would do it: open a CRM export, preview,
 * map, check, send to the built-in sandbox, and read the per-number results — through the
 * loopback bridge, with the real main-process services and the real sandbox SFTP service.
 * Screenshots of every screen go to test-results/ (light and dark, at 1024×700), and each
 * screen is scanned with axe-core.
 */
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { startSandbox, type Sandbox } from '../../main/sandbox/start-sandbox';
import { openApp as openHarnessApp, SCREENSHOTS as RESULTS, useE2eHarness } from '../support/e2e-harness';
import { REPO_ROOT, runTxp } from '../support/run-txp';
import type { CellValue } from '../support/spreadsheet-fixtures';

const EXAMPLE = resolve(REPO_ROOT, 'examples/crm-contacts-export.csv');
/** What the sandbox read from each uploaded file, by its name: the proof of what was sent. */
const processed = new Map<string, string[]>();
const harness = useE2eHarness('txp-e2e-', {
  sandbox: {
    onProcessed: (name, rows) =>
      processed.set(
        name,
        rows.map((row) => row.phone),
      ),
  },
});
const { work, fixtures } = harness;

/**
 * A realistic CRM workbook: a "Read me" sheet first, then the contacts (the example export's
 * rows, with title rows above the header, a summary row below, and one phone stored as a
 * numeric cell as Excel does when someone types it in).
 */
function crmWorkbook(): string {
  const rows: CellValue[][] = readFileSync(EXAMPLE, 'utf8')
    .trimEnd()
    .split(/\r?\n/)
    .map((line) => line.split(','));
  (rows[5] as CellValue[])[2] = 6465550142;
  return fixtures.workbook('Contacts export.xlsx', { 'Read me': [['Exported from Acme CRM'], ['Do not edit the Contacts sheet by hand.']], Contacts: rows });
}

function openApp(colorScheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; errors: string[] }> {
  return openHarnessApp(harness, colorScheme);
}

/** axe-core on the page as it is: no serious or critical violation. */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${screen}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
  expect(serious).toEqual([]);
}

/** Nothing sticks out sideways at 1024 px (the grid scrolls inside its own box). */
async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

/** Start → pick a file → Map → Check, with the suggested mapping. */
async function openAndCheck(page: Page, file: string): Promise<void> {
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByTestId('file-picker').setInputFiles(file);
  await page.getByRole('button', { name: 'Next: map columns' }).click();
  await page.getByRole('button', { name: 'Next: check the numbers' }).click();
}

/** The question before every upload: what goes where, to which keyword (typed in when given). */
async function confirmSend(page: Page, keyword?: string): Promise<void> {
  const dialog = page.getByTestId('confirm-send');
  await dialog.waitFor({ timeout: 10_000 });
  if (keyword !== undefined) await dialog.getByLabel(/^Keyword/).fill(keyword);
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  await dialog.waitFor({ state: 'detached', timeout: 10_000 });
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(RESULTS, `${name}.png`) });
}

describe('the desktop flow in Chromium', () => {
  it('opens, previews, maps, checks, sends to the sandbox and shows per-number results', { timeout: 90_000 }, async () => {
    const { page, errors } = await openApp('light');
    await expectAccessible(page, 'start');
    await shoot(page, 'screen-start');

    // Open: the page's file picker (a browser gives no path, so the bridge keeps a private copy).
    await page.getByTestId('file-picker').setInputFiles(crmWorkbook());
    await page.getByRole('heading', { name: 'Preview: Contacts export.xlsx' }).waitFor({ timeout: 10_000 });
    const grid = page.getByRole('grid', { name: 'Rows of Contacts export.xlsx' });
    await expect.poll(() => grid.locator('[data-row="5"]').textContent(), { timeout: 10_000 }).toContain('(212) 555-0124');
    await expect.poll(() => page.getByTestId('grid-count').textContent(), { timeout: 10_000 }).toBe('15 rows');
    expect(await page.getByLabel('Sheet').inputValue()).toBe('Contacts'); // the sheet with phone numbers, not the first
    expect(await grid.locator('[data-row="6"]').textContent()).toContain('6465550142'); // a numeric cell, exact digits
    expect(await grid.locator('.is-header').textContent()).toContain('Mobile Phone'); // the detected header row, below the title rows
    // The grid's headings say what each column is for (as mapped).
    expect(await grid.getByRole('columnheader').allTextContents()).toEqual(expect.arrayContaining(['Mobile Phone · phone', 'Segment · group', 'First Name']));
    await expectAccessible(page, 'preview');
    await expectNoHorizontalOverflow(page);
    await shoot(page, 'screen-preview');

    // Map: the suggestion is pre-selected and explained; the file to be sent is previewed live.
    await page.getByRole('button', { name: 'Next: map columns' }).click();
    await expect.poll(() => page.getByLabel('Role of Mobile Phone').inputValue(), { timeout: 10_000 }).toBe('phone');
    // The focus is on the new screen's heading (a screen reader says where the user is).
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Map the columns');
    expect(await page.getByLabel('Role of Home Phone').inputValue()).toBe('phone');
    expect(await page.getByLabel('Role of Segment').inputValue()).toBe('tag');
    await expect.poll(() => page.getByTestId('pf-preview').textContent(), { timeout: 10_000 }).toContain('2125550124,');
    await page.getByLabel('Role of Branch').selectOption('ignore');
    await expect.poll(() => page.getByTestId('pf-preview').textContent()).not.toContain('NorthSide');
    // The CRM's opt-out column is chosen by itself: those rows' numbers go as removals (a leading minus).
    const removal = page.getByLabel('Remove the numbers of rows where');
    expect(await removal.locator('option:checked').textContent()).toBe('SMS Opt Out');
    expect(await page.getByLabel('is one of').inputValue()).toBe('Yes, Y, TRUE, 1, X');
    expect(await page.getByTestId('removal-suggested').textContent()).toContain('“SMS Opt Out” records who said no to texts');
    await expectAccessible(page, 'map');
    await shoot(page, 'screen-map');
    await page.getByLabel('Save this mapping as a profile').fill('Acme contacts');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 15_000 }).toContain('Saved the mapping as profile “Acme contacts”');

    // Check: counts, a chart, and a problem that leads back to its row.
    await page.getByRole('button', { name: 'Next: check the numbers' }).click();
    const counts = page.getByTestId('check-counts');
    await expect.poll(() => counts.textContent(), { timeout: 15_000 }).toContain('Invalid');
    // Additions and removals counted apart.
    expect(await page.getByTestId('check-add-remove').textContent()).toMatch(/^Will be sent: add \d+ · remove 1 \(their rows say they opted out/);
    expect(await page.getByRole('figure').first().textContent()).toContain('Line type');
    const problem = page.getByRole('row').filter({ hasText: '555-1234' });
    expect(await problem.textContent()).toContain('too short');
    await expectAccessible(page, 'check');
    await shoot(page, 'screen-check');
    await problem.getByRole('button', { name: /^Go to row / }).click();
    await page.getByRole('heading', { name: /^Preview/ }).waitFor();
    expect(await page.locator('.grid-row.is-focus').textContent()).toContain('555-1234');
    await page.getByRole('button', { name: 'Check', exact: true }).click();

    // Send: one button, progress, then the results loop with the sandbox (simulated, and labelled so).
    const sendButton = page.getByRole('button', { name: /^Send \d+ numbers to Sandbox$/ });
    await sendButton.click();
    // Nothing goes before the user has seen what, where and to which keyword.
    const confirm = page.getByTestId('confirm-send');
    await confirm.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('confirm-summary').textContent()).toMatch(/^Add \d+ · Remove 1 · to the sandbox \(simulated\), keyword SANDBOX$/);
    await expectAccessible(page, 'confirm send');
    await shoot(page, 'screen-confirm-send');
    await confirmSend(page);
    await page.getByRole('heading', { name: /^Results/ }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('heading', { name: /^Results/ }).textContent()).toContain('simulated');
    const figures = await page.getByRole('figure').allTextContents();
    expect(figures.join(' ')).toContain('mobile');
    expect(figures.join(' ')).toMatch(/opted in/);
    await expectAccessible(page, 'results');
    await expectNoHorizontalOverflow(page);
    await shoot(page, 'screen-results');

    // Jon's row says SMS Opt Out = Yes: his number went as a removal.
    // Processed as TextPower documents it, statuses from the sandbox's web service, each labelled with its source.
    expect(await page.getByTestId('results-processed').textContent()).toMatch(/The sandbox processed the file at .+: it left the drop folder\./);
    expect(await page.getByTestId('results-source').textContent()).toContain('Opt status per number: from the sandbox (simulated).');
    expect(await page.getByRole('grid', { name: 'Results per number' }).getByRole('row').filter({ hasText: '+13105550146' }).textContent()).toContain('sent as a removal');
    // Each result names whose number it is (the name columns stay on this machine), and a name finds it.
    expect(await page.getByRole('grid', { name: 'Results per number' }).getByRole('row').filter({ hasText: '+13105550146' }).textContent()).toContain('Jon Park');
    await page.getByLabel('Search').fill('dan ng');
    await expect.poll(() => page.getByTestId('results-count').textContent()).toBe('1 number');
    expect(await page.getByRole('grid', { name: 'Results per number' }).textContent()).toContain('+12125550100');
    await page.getByLabel('Search').fill('');
    // Ready-made views: what was not sent (this app's own check), and who opted out.
    const resultsGrid = page.getByRole('grid', { name: 'Results per number' });
    await page.getByLabel('Not sent').check();
    await expect.poll(() => resultsGrid.textContent()).toContain('555-1234');
    expect(await resultsGrid.textContent()).not.toContain('+12125550100');
    await page.getByLabel('Opted out', { exact: true }).check();
    await expect.poll(() => resultsGrid.textContent()).toContain('+12125550100');
    expect(await resultsGrid.textContent()).not.toContain('555-1234');
    await shoot(page, 'screen-results-opted-out');
    await page.getByLabel('All numbers').check();
    // Filter: mobiles that are opted out (the sandbox's STOP list has +12125550100, Dan's number).
    await page.getByLabel('Opt status').selectOption('opted_out');
    await expect.poll(() => page.getByTestId('results-count').textContent()).toMatch(/^[1-9]\d* numbers?$/);
    expect(await page.getByRole('grid', { name: 'Results per number' }).textContent()).toContain('+12125550100');

    // Export: a CSV people can open in Excel.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const exported = readFileSync((await download.path()) as string, 'utf8');
    expect(exported).toContain('Row,Name,Phone column,As written,Number,Line type,Opt status,Status from,What happened');
    expect(exported).toContain('Dan Ng');
    expect(exported).toContain('+12125550100');
    expect(exported).not.toContain('+12125550124'); // the export holds the rows the filter shows
    const [workbook] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export XLSX' }).click()]);
    expect(workbook.suggestedFilename()).toBe('Contacts export-results.xlsx');
    // The page's XLSX has clean text cells: the number exactly, no apostrophe.
    const book = XLSX.read(readFileSync((await workbook.path()) as string));
    const exportedRows = XLSX.utils.sheet_to_json<string[]>(book.Sheets['Results'] as XLSX.WorkSheet, { header: 1 });
    expect(exportedRows.some((row) => row.includes('+12125550100'))).toBe(true);
    expect(JSON.stringify(exportedRows)).not.toContain("'+1");
    expect(
      readFileSync((await workbook.path()) as string)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');

    // History: metadata only.
    await page.getByRole('button', { name: 'History', exact: true }).click();
    const history = page.getByRole('table');
    await expect.poll(() => history.textContent(), { timeout: 10_000 }).toContain('Contacts export.xlsx');
    // No number of the list, in any form (a bare '555' also matched a time such as T005556Z).
    expect(await history.textContent()).not.toMatch(/555-?01|5550[0-9]{3}|555-1234/);
    await expectAccessible(page, 'history');
    await shoot(page, 'screen-history');

    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('applies the saved profile to a file with the same columns, says so, and can undo it', { timeout: 60_000 }, async () => {
    const { page, errors } = await openApp('light');
    await page.getByTestId('file-picker').setInputFiles(crmWorkbook());
    await page.getByRole('button', { name: 'Next: map columns' }).click();
    const banner = page.getByTestId('auto-profile');
    await expect.poll(() => banner.textContent(), { timeout: 15_000 }).toContain('“Acme contacts” was applied');
    expect(await page.getByLabel('Role of Branch').inputValue()).toBe('ignore');
    await banner.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.getByLabel('Role of Branch').inputValue()).toBe('tag');
    expect(await banner.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('reads German national numbers once "Germany" is picked by name (not GE, Georgia)', { timeout: 60_000 }, async () => {
    const path = fixtures.text('kunden.csv', ['Name,Telefon', 'Anna,030 12345678', 'Ben,0151 23456789', 'Cem,089 1234567'].join('\n') + '\n');
    const { page, errors } = await openApp('light');
    await page.getByTestId('file-picker').setInputFiles(path);
    await page.getByRole('button', { name: 'Next: map columns' }).click();
    const country = page.getByLabel('Country for numbers without +code');
    expect(await country.inputValue()).toBe('United States (US)');
    // The data says which country: the numbers fail as US numbers and pass as German ones.
    await expect
      .poll(() => page.getByTestId('country-hint').textContent(), { timeout: 10_000 })
      .toContain('0 of 3 sampled numbers are valid as numbers of United States (US), 3 as numbers of Germany (DE).');
    expect(await page.getByTestId('country-hint').getByRole('button').textContent()).toBe('Use Germany (DE)');
    await country.fill('Germany');
    expect(await page.getByTestId('country-help').textContent()).toBe('Numbers without +code are read as numbers of Germany (DE).');
    await country.blur();
    expect(await country.inputValue()).toBe('Germany (DE)');
    expect(await page.getByTestId('country-hint').count()).toBe(0);
    // Under US the "Telefon" column held no valid number; under Germany it is suggested as the phone column.
    await expect.poll(() => page.getByLabel('Role of Telefon').inputValue(), { timeout: 10_000 }).toBe('phone');
    await expect.poll(() => page.getByTestId('pf-preview').textContent(), { timeout: 10_000 }).toContain('+493012345678');
    await expectAccessible(page, 'map (country)');
    await shoot(page, 'screen-map-country');
    await page.getByRole('button', { name: 'Next: check the numbers' }).click();
    const counts = page.getByTestId('check-counts');
    await expect.poll(() => counts.textContent(), { timeout: 15_000 }).toMatch(/(^|\D)3Valid/);
    expect(await counts.textContent()).toMatch(/(^|\D)0Invalid/);
    // A text that names no country changes nothing and says so.
    await page.getByRole('button', { name: 'Map', exact: true }).click();
    await country.fill('Atlantis');
    expect(await page.getByTestId('country-help').textContent()).toContain('Not a country this app knows');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('takes a column named Phone though its numbers fail under US, and the Check screen says which country they are from', { timeout: 60_000 }, async () => {
    const path = fixtures.text('kunden phone.csv', ['Name,Phone', 'Anna,030 12345678', 'Ben,0151 23456789', 'Cem,089 1234567'].join('\n') + '\n');
    const { page, errors } = await openApp('light');
    await openAndCheck(page, path);
    const counts = page.getByTestId('check-counts');
    await expect.poll(() => counts.textContent(), { timeout: 15_000 }).toMatch(/(^|\D)3Invalid/);
    const hint = page.getByTestId('check-country-hint');
    expect(await hint.textContent()).toContain('Many of these numbers may be numbers of Germany (DE): 3 of 3 sampled numbers are valid there, 0 as numbers of United States (US).');
    await shoot(page, 'screen-check-country');
    await hint.getByRole('button', { name: 'Use Germany (DE)' }).click();
    await expect.poll(() => counts.textContent(), { timeout: 15_000 }).toMatch(/(^|\D)3Valid/);
    expect(await counts.textContent()).toMatch(/(^|\D)0Invalid/);
    expect(await hint.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lists what will not be sent first, and exports every problem of a file with more than 1,000', { timeout: 90_000 }, async () => {
    // 400 copies of one number first (duplicates), then 1,200 numbers too short to be sent.
    const rows = ['Name,Mobile', ...Array.from({ length: 401 }, (_, i) => `Dup ${i},(212) 555-0124`), ...Array.from({ length: 1200 }, (_, i) => `Short ${i},555-${String(1000 + i)}`)];
    const path = fixtures.text('many problems.csv', rows.join('\n') + '\n');
    const { page, errors } = await openApp('light');
    await openAndCheck(page, path);
    const counts = page.getByTestId('check-counts');
    await expect.poll(() => counts.textContent(), { timeout: 30_000 }).toMatch(/1,200Invalid/);
    // The first problem listed is a number that will not be sent, though the duplicates came first in the file.
    const firstProblem = page.locator('table.problems tbody tr').first();
    expect(await firstProblem.textContent()).toContain('555-1000');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByRole('button', { name: 'Export every problem (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('many problems-problems.csv');
    const lines = readFileSync((await download.path()) as string, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('\ufeffrow,column,value,reason,detail,who');
    expect(lines).toHaveLength(1 + 1200 + 400);
    expect(lines.filter((line) => line.includes(',TOO_SHORT,'))).toHaveLength(1200);
    expect(lines[1]).toContain('555-1000');
    // The page lists every one of them too (virtualized: only the rows in view are in the page).
    expect(await page.getByTestId('problems-truncated').textContent()).toContain('These are the first 1,000 problems');
    await page.getByRole('button', { name: 'List every problem' }).click();
    const table = page.locator('table.problems');
    await expect.poll(() => table.getAttribute('aria-rowcount'), { timeout: 30_000 }).toBe(String(1 + 1200 + 400));
    expect(await page.getByTestId('problems-truncated').count()).toBe(0);
    expect(await table.locator('tbody tr').count()).toBeLessThan(100);
    await page.getByTestId('problems-scroll').evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await expect.poll(() => table.locator('tbody tr:not(.spacer)').last().textContent(), { timeout: 10_000 }).toMatch(/^402Dup 400Mobile\(212\) 555-0124/);
    await shoot(page, 'screen-check-every-problem');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('leaves a row out and corrects a cell from Check, with undo: the upload holds exactly that, and the file is unchanged', { timeout: 90_000 }, async () => {
    const text =
      [
        'Name,Mobile,Email',
        'Ann,(212) 555-0125,ann@example.com',
        'Bob,555-01,bob@example.com',
        'Cat,(917) 555-0199,cat@example.com',
        'Dee,555-9,dee@example.com',
        'Fay,+44 7911 123456,fay@example.com',
      ].join('\n') + '\n';
    const path = fixtures.text('fix list.csv', text);
    const { page, errors } = await openApp('light');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByTestId('file-picker').setInputFiles(path);
    await page.getByRole('button', { name: 'Next: map columns' }).click();
    // Whose number it is: the name is suggested; the user shows the e-mail instead (it is never sent).
    const who = page.getByLabel('Show with each number');
    await expect.poll(() => who.locator('option:checked').textContent(), { timeout: 10_000 }).toBe('Name');
    await who.selectOption({ label: 'Email' });
    await page.getByRole('button', { name: 'Next: check the numbers' }).click();
    const counts = page.getByTestId('check-counts');
    await expect.poll(() => counts.textContent(), { timeout: 15_000 }).toMatch(/(^|\D)2Invalid/);
    await expect.poll(() => page.getByRole('row').filter({ hasText: '555-01' }).first().textContent(), { timeout: 15_000 }).toContain('bob@example.com');
    await page.getByLabel('Search').fill('dee@');
    expect(await page.locator('table.problems tbody tr:not(.spacer)').allTextContents()).toEqual([expect.stringContaining('555-9')]);
    await page.getByLabel('Search').fill('');

    // The row link shows the row with the bad cell marked, and leads back.
    await page.getByRole('button', { name: 'Go to row 3' }).click();
    await page.getByRole('heading', { name: /^Preview/ }).waitFor();
    await expect.poll(() => page.locator('.grid-row.is-focus .is-marked').textContent(), { timeout: 10_000 }).toBe('555-01');
    expect(await page.getByTestId('row-shown').textContent()).toContain('Row 3: the marked cell (Mobile) is the problem.');
    await shoot(page, 'screen-row-marked');
    await page.getByRole('button', { name: 'Back to problems' }).click();
    await page.getByRole('heading', { name: 'Check', exact: true }).waitFor();

    // Correct Bob's number in the app; leave Fay's row (a valid number abroad) out; leave Dee out and take it back.
    await page.getByRole('button', { name: 'Correct row 3, Mobile' }).click();
    await page.getByLabel('New value for row 3, Mobile').fill('(646) 555-0177');
    await page.getByRole('button', { name: 'Use this value' }).click();
    await expect.poll(() => counts.textContent(), { timeout: 15_000 }).toMatch(/(^|\D)1Invalid/);
    await page.getByRole('button', { name: 'Leave out row 6' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Leave out row 6' }).count(), { timeout: 15_000 }).toBe(0);
    await page.getByRole('button', { name: 'Leave out row 5' }).click();
    await expect.poll(() => counts.textContent(), { timeout: 15_000 }).toMatch(/(^|\D)0Invalid/);
    await page.getByRole('button', { name: 'Undo last change' }).click();
    await expect.poll(() => counts.textContent(), { timeout: 15_000 }).toMatch(/(^|\D)1Invalid/);
    const changes = page.getByTestId('row-changes');
    expect(await changes.getByRole('listitem').allTextContents()).toEqual(['Row 3, Mobile: 555-01 → (646) 555-0177 Undo', 'Row 6 left out: nothing of it is sent. Undo']);
    expect(await page.getByTestId('check-add-remove').textContent()).toContain('1 row left out by you. 1 cell corrected by you.');
    await expectAccessible(page, 'check with changes');
    await shoot(page, 'screen-check-changes');

    // The upload is what the screen says: Ann, Bob as corrected, Cat; not Fay, not Dee.
    const before = new Set(processed.keys());
    await page.getByRole('button', { name: /^Send 3 numbers to Sandbox$/ }).click();
    await confirmSend(page);
    await page.getByRole('heading', { name: /^Results/ }).waitFor({ timeout: 30_000 });
    const name = [...processed.keys()].find((key) => !before.has(key));
    expect(name).toBeDefined();
    expect([...(processed.get(name as string) ?? [])].sort()).toEqual(['+12125550125', '+16465550177', '+19175550199']);
    await expect
      .poll(() => page.getByRole('grid', { name: 'Results per number' }).getByRole('row').filter({ hasText: '+16465550177' }).textContent(), { timeout: 30_000 })
      .toContain('bob@example.com');
    expect(readFileSync(path, 'utf8')).toBe(text);
    // The history keeps the rows left out (row numbers) but not the corrected number.
    const history = readFileSync(join(work, 'config', 'history.jsonl'), 'utf8');
    expect(history).toContain('"leaveOut":[6]');
    expect(history).not.toMatch(/646\D*555\D*0177/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keeps two columns with the same header apart once the mapping is changed, and previews exactly the file convert writes', { timeout: 60_000 }, async () => {
    const csv =
      ['Name,Phone,Phone,Region,SMS Opt Out', 'Ann,(212) 555-0124,(646) 555-0142,East,No', 'Bob,(212) 555-0125,(646) 555-0143,West,Yes', 'Cy,(212) 555-0124,(646) 555-0144,East,No'].join('\n') + '\n';
    const path = fixtures.text('two phones.csv', csv);
    const { page, errors } = await openApp('light');
    await page.getByTestId('file-picker').setInputFiles(path);
    await page.getByRole('button', { name: 'Next: map columns' }).click();
    await expect.poll(() => page.getByLabel('Role of Phone (column 3)').inputValue(), { timeout: 10_000 }).toBe('phone');
    expect(await page.getByLabel('Role of Phone (column 2)').inputValue()).toBe('phone');
    // The user touches the mapping: from here on the page names the columns itself, by position.
    await page.getByLabel('Role of Region').selectOption('tag');
    await page.getByLabel('Remove the numbers of rows where').selectOption('SMS Opt Out');
    await page.getByLabel('Role of SMS Opt Out').selectOption('ignore');
    const out = join(work, 'two-phones-converted.csv');
    const converted = await runTxp(['convert', path, '-o', out, '--mode', 'alp', '--phone', '#2', '--phone', '#3', '--tag', 'Region', '--remove-when', 'SMS Opt Out=Yes'], {
      env: { TXP_CONFIG_DIR: join(work, 'cli-config') },
    });
    expect(converted.stderr).toBe('');
    const written = readFileSync(out, 'utf8').split('\r\n').slice(0, -1);
    expect(written).toEqual(['2125550124,East', '6465550142,East', '-2125550125', '-6465550143', '6465550144,East']);
    await expect.poll(() => page.getByTestId('pf-preview').textContent(), { timeout: 10_000 }).toBe(written.join('\n'));
    await page.getByRole('button', { name: 'Next: check the numbers' }).click();
    const counts = page.getByTestId('check-counts');
    await expect.poll(() => counts.textContent(), { timeout: 15_000 }).toMatch(/(^|\D)6Numbers found/);
    await shoot(page, 'screen-map-two-phones');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('opens a file dropped anywhere on the window, or chosen with File › Open…', { timeout: 60_000 }, async () => {
    const { page, errors } = await openApp('light');
    const text = readFileSync(EXAMPLE, 'utf8');
    await page.evaluate((content) => {
      const data = new DataTransfer();
      data.items.add(new File([content], 'dropped.csv', { type: 'text/csv' }));
      const target = document.querySelector('.app-header') as HTMLElement;
      target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: data }));
      target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: data }));
    }, text);
    // Bounds on hangs: each step takes a few seconds alone, several times that in the full suite.
    await page.getByRole('heading', { name: 'Preview: dropped.csv' }).waitFor({ timeout: 25_000 });
    // File › Open… in the desktop app's menu: main lets the page read the file chosen, and tells it which.
    await harness.bridge.files.grant(EXAMPLE);
    harness.bridge.send({ name: 'menu.fileOpened', payload: { path: EXAMPLE } });
    await page.getByRole('heading', { name: 'Preview: crm-contacts-export.csv' }).waitFor({ timeout: 25_000 });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('works from the keyboard alone, with a visible focus', { timeout: 60_000 }, async () => {
    const { page } = await openApp('light');
    // Tab to "Open a file…": every step of the way has a visible focus ring.
    let reached = false;
    for (let i = 0; i < 20 && !reached; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return { text: el.textContent, outline: style.outlineStyle !== 'none' && style.outlineWidth !== '0px' };
      });
      expect(focused.outline).toBe(true);
      reached = focused.text === 'Open a file…';
    }
    expect(reached).toBe(true);
    // Settings by keyboard: focus lands on the new screen's heading.
    await page.getByRole('button', { name: 'Settings', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Settings');
    await page.context().close();
  });

  it('is readable in the dark theme', { timeout: 60_000 }, async () => {
    const { page, errors } = await openApp('dark');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(27, 30, 35)');
    await openAndCheck(page, EXAMPLE);
    await expect.poll(() => page.getByTestId('check-counts').textContent(), { timeout: 15_000 }).toContain('Valid');
    await expectAccessible(page, 'check (dark)');
    await shoot(page, 'screen-check-dark');
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await expectAccessible(page, 'settings (dark)');
    await shoot(page, 'screen-settings-dark');
    // The sandbox's web service (simulated), tested from Settings with its API login.
    await page.getByRole('button', { name: 'Test web service' }).click();
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 15_000 }).toContain('The sandbox’s web service (simulated) accepted the API login and offers per-number status.');
    // Settings are kept by main, in the config folder shared with the CLI.
    await page.getByLabel('Phone format in the file sent').selectOption('national');
    await page.getByLabel('Wait for TextPower to process up to (minutes)').fill('30');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Settings saved.');
    expect(JSON.parse(readFileSync(join(work, 'config', 'settings.json'), 'utf8'))).toMatchObject({ country: 'US', phoneFormat: 'national', resultsTimeoutMinutes: 30 });
    await page.getByLabel('Phone format in the file sent').selectOption('e164');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => readFileSync(join(work, 'config', 'settings.json'), 'utf8')).toContain('"e164"');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('a real account in Chromium', () => {
  let office: Sandbox;
  const officeDir = join(work, 'office-server');

  afterAll(async () => {
    await office?.close();
  });

  it('asks to trust the server key on first contact, then refuses a changed key without a way round', { timeout: 90_000 }, async () => {
    office = await startSandbox({ dir: officeDir, password: 'office secret 1' });
    const { page, errors } = await openApp('light');
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('button', { name: 'Add an account' }).click();
    const form = page.getByRole('form', { name: 'New account' });
    await form.getByLabel('Name').fill('office');
    await form.getByLabel('SFTP user id').fill(office.user);
    await form.getByLabel('Host').fill('127.0.0.1');
    await form.getByLabel('Port').fill(String(office.port));
    await form.getByLabel(/^Password/).fill('office secret 1');
    await form.getByLabel('Upload folder').fill('/');
    await form.getByRole('button', { name: 'Save account' }).click();
    const row = page.getByRole('row').filter({ hasText: 'office' });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('saved');
    expect(await row.textContent()).not.toContain('office secret 1');
    await row.getByRole('button', { name: 'Use' }).click();
    expect(await page.getByTestId('header-account').textContent()).toBe('office');

    // Send: the fingerprint dialog first, with the key the server really shows.
    await openAndCheck(page, EXAMPLE);
    await page.getByRole('button', { name: /^Send \d+ numbers to office$/ }).click();
    // The account has no keyword: the question asks for one, and Send waits for it.
    const confirm = page.getByTestId('confirm-send');
    await confirm.waitFor({ timeout: 10_000 });
    expect(await confirm.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    await confirm.getByLabel(/^Keyword/).fill('two words');
    expect(await confirm.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    await confirmSend(page, 'ALERTS');
    const dialog = page.getByTestId('hostkey-dialog');
    await dialog.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('hostkey-fingerprint').textContent()).toBe(office.fingerprint);
    // Nobody compares 43 characters by eye: the fingerprint TextPower gave is pasted, and the dialog says.
    const pasteBox = dialog.getByLabel('The fingerprint TextPower gave you');
    await pasteBox.fill('SHA256:' + 'A'.repeat(43));
    expect(await page.getByTestId('hostkey-compare').textContent()).toBe('It does not match. Do not trust this key; ask TextPower support.');
    expect(await dialog.getByRole('button', { name: 'Trust this key and send' }).isDisabled()).toBe(true);
    await pasteBox.fill(` ${office.fingerprint.replace(/^SHA256:/, '')} `);
    expect(await page.getByTestId('hostkey-compare').textContent()).toBe('It matches: this is the key TextPower gave you.');
    await expectAccessible(page, 'host key dialog');
    await shoot(page, 'screen-hostkey');
    await dialog.getByRole('button', { name: 'Trust this key and send' }).click();
    await page.getByRole('heading', { name: /^Results/ }).waitFor({ timeout: 30_000 });

    // The server is replaced (new key, same port): a refusal, not a "continue anyway".
    const port = office.port;
    await office.close();
    office = await startSandbox({ dir: join(work, 'office-server-2'), port, password: 'office secret 1' });
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expectAccessible(page, 'send');
    await shoot(page, 'screen-send');
    await page.getByRole('button', { name: 'Send again' }).click();
    // Send again asks the same question; the keyword is remembered.
    expect(await page.getByTestId('confirm-summary').textContent()).toMatch(/ · to office, keyword ALERTS$/);
    await confirmSend(page);
    await dialog.waitFor({ timeout: 10_000 });
    expect(await dialog.textContent()).toContain('nothing was sent');
    // No way round: only Close (and Copy), until the new key is pasted and matches.
    expect(await dialog.getByRole('button').allTextContents()).toEqual(['Copy', 'Close']);
    await dialog.getByLabel('The fingerprint TextPower gave you').fill(office.fingerprint.slice(0, -2) + 'xx');
    expect(await dialog.getByRole('button').allTextContents()).toEqual(['Copy', 'Close']);
    await shoot(page, 'screen-hostkey-changed');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await page.getByTestId('failure-message').textContent()).toContain('Nothing was sent');

    // TextPower confirms the new key: Settings › Test connection asks there, and the key is updated, not re-added.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('row').filter({ hasText: 'office' }).getByRole('button', { name: 'Test connection' }).click();
    await dialog.waitFor({ timeout: 10_000 });
    await dialog.getByLabel('The fingerprint TextPower gave you').fill(office.fingerprint);
    await dialog.getByRole('button', { name: 'Update after confirming with TextPower' }).click();
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 15_000 }).toContain('Logged in to 127.0.0.1:');
    expect(await page.getByTestId('notice').textContent()).toContain('the password is right');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says what to do when the password is wrong', { timeout: 90_000 }, async () => {
    // The second server again (its key is the trusted one now), now refusing the password.
    const port = office.port;
    await office.close();
    office = await startSandbox({ dir: join(work, 'office-server-2'), port, password: 'office secret 1' });
    const { page } = await openApp('light');
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: 'office' });
    await row.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit office' });
    await form.getByLabel(/^Password/).fill('wrong password');
    await form.getByRole('button', { name: 'Save account' }).click();
    await form.waitFor({ state: 'detached' });
    // A real account, once there is one, is the one in use when the app opens.
    expect(await page.getByTestId('header-account').textContent()).toBe('office');
    // Test connection logs in: the wrong password is caught here, before any send, with what to do.
    await row.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 15_000 }).toContain('Check the SFTP user id and password in Settings › Accounts.');
    await openAndCheck(page, EXAMPLE);
    await page.getByRole('button', { name: /^Send \d+ numbers to office$/ }).click();
    await confirmSend(page);
    const failure = page.getByRole('alert').filter({ hasText: 'The upload did not finish' });
    await failure.waitFor({ timeout: 20_000 });
    expect(await failure.textContent()).toContain('Check the SFTP user id and password in Settings › Accounts.');
    // The account the user chooses stays chosen after a reload (a restart), even with a real account there.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('button', { name: 'Use Sandbox', exact: true }).click();
    await expect.poll(() => page.getByTestId('header-account').textContent()).toBe('Sandbox (simulated)');
    await page.reload();
    await page.getByTestId('active-account').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('header-account').textContent()).toBe('Sandbox (simulated)');
    await page.context().close();
  });

  it('explains a refused connection in plain words, with a button to the account settings', { timeout: 60_000 }, async () => {
    // A port where nothing listens (taken, then given back).
    const closed = createServer();
    await new Promise<void>((resolveListen) => closed.listen(0, '127.0.0.1', () => resolveListen()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolveClose) => closed.close(() => resolveClose()));
    const { page, errors } = await openApp('light');
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('button', { name: 'Add an account' }).click();
    const form = page.getByRole('form', { name: 'New account' });
    await form.getByLabel('Name').fill('gone');
    await form.getByLabel('SFTP user id').fill('someone');
    await form.getByLabel('Host').fill('127.0.0.1');
    await form.getByLabel('Port').fill(String(port));
    await form.getByLabel(/^Password/).fill('whatever');
    await form.getByRole('button', { name: 'Save account' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Use gone', exact: true }).click();
    await openAndCheck(page, EXAMPLE);
    await page.getByRole('button', { name: /^Send \d+ numbers to gone$/ }).click();
    await confirmSend(page, 'DEMO');
    const failure = page.getByRole('alert').filter({ hasText: 'The upload did not finish' });
    await failure.waitFor({ timeout: 20_000 });
    const text = (await failure.textContent()) ?? '';
    expect(text).toContain('the server refused the connection');
    expect(text).not.toMatch(/ECONN|errno|at \w+ \(|\/tmp/);
    await shoot(page, 'screen-send-refused');
    await failure.getByRole('button', { name: 'Open account settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor({ timeout: 5_000 });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
