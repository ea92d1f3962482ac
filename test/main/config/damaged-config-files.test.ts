/**
 * One policy for damaged files in the config folder: set aside (renamed, nothing lost), the
 * user told which file and what happened, and the app goes on. Through the real API handlers
 * (a profile read in a real worker thread) and the real CLI.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HandlerContext } from '../../../main/api/api-handlers';
import { createApiHandlers } from '../../../main/api/create-api-handlers';
import { dispatchRequest } from '../../../main/api/dispatch';
import { testApiDeps } from '../../support/api-deps';
import { runTxp } from '../../support/run-txp';
import { FixtureDir } from '../../support/spreadsheet-fixtures';

const fixtures = new FixtureDir();
const deps = testApiDeps();
const handlers = createApiHandlers(deps);
afterAll(async () => {
  await deps.pipeline.cancelAll();
  fixtures.remove();
  rmSync(deps.configDir, { recursive: true, force: true });
});

async function call(channel: string, payload?: unknown) {
  const events: { name: string; payload: { level?: string; message?: string } }[] = [];
  const context: HandlerContext = { emit: (name, payload) => events.push({ name, payload: payload as { level?: string; message?: string } }), signal: new AbortController().signal };
  const envelope = await dispatchRequest(handlers, channel, payload, context);
  const warnings = events.filter((e) => e.name === 'status' && e.payload.level === 'warning').map((e) => e.payload.message ?? '');
  return { envelope, warnings };
}

const setAside = (name: string) => readdirSync(deps.configDir).filter((file) => file.startsWith(`${name}.damaged-`));

const ENTRY = { time: '2026-11-30T10:00:00.000Z', account: 'Sandbox', remoteName: 'a-20261130T100000Z-abc123.csv', sourceFile: 'a.csv', keyword: 'DEMO', bytes: 120, numbers: 3, outcome: 'uploaded' };

describe('damaged config files', () => {
  it('a torn last line of the history: the whole entries are shown, the file set aside, the user told', async () => {
    const torn = JSON.stringify(ENTRY) + '\n' + JSON.stringify({ ...ENTRY, remoteName: 'b.csv' }).slice(0, 40);
    writeFileSync(join(deps.configDir, 'history.jsonl'), torn);
    const { envelope, warnings } = await call('history.list');
    expect(envelope).toMatchObject({ ok: true, value: { entries: [{ remoteName: ENTRY.remoteName }] } });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^The upload history \(history\.jsonl\) had a line that could not be read\. It was set aside as history\.jsonl\.damaged-\d{8}T\d{6}Z in the settings folder; the 1 whole entry was kept\.$/,
    );
    const [aside] = setAside('history.jsonl');
    expect(readFileSync(join(deps.configDir, aside as string), 'utf8')).toBe(torn); // nothing lost
    expect(readFileSync(join(deps.configDir, 'history.jsonl'), 'utf8')).toBe(JSON.stringify(ENTRY) + '\n');
    // Once set aside, it is said once: the next read is clean.
    expect((await call('history.list')).warnings).toEqual([]);
  });

  it('a settings file that is not JSON: the defaults apply, the file is set aside, the user told', async () => {
    writeFileSync(join(deps.configDir, 'settings.json'), '{"country": "DE", "phoneFor');
    const { envelope, warnings } = await call('settings.get');
    expect(envelope).toEqual({ ok: true, value: { country: 'US', phoneFormat: 'national', resultsTimeoutMinutes: 30, activeAccount: null, keywords: {} } });
    expect(warnings).toEqual([expect.stringMatching(/^Your settings file \(settings\.json\) was cut short or is not JSON\. It was set aside as settings\.json\.damaged-/)]);
    expect(setAside('settings.json')).toHaveLength(1);
  });

  it('a setting this version cannot use: the others are kept, and the user is told which', async () => {
    writeFileSync(join(deps.configDir, 'settings.json'), JSON.stringify({ country: 'DE', phoneFormat: 'fax', resultsTimeoutMinutes: 20 }));
    const { envelope, warnings } = await call('settings.get');
    expect(envelope).toEqual({ ok: true, value: { country: 'DE', phoneFormat: 'national', resultsTimeoutMinutes: 20, activeAccount: null, keywords: {} } });
    expect(warnings[0]).toContain('had settings this version cannot use (phoneFormat)');
  });

  it('a damaged accounts file: no account is lost on disk, the list starts empty, the user told', async () => {
    writeFileSync(join(deps.configDir, 'accounts.json'), '{"version":1,"accounts":[{"name":"Off');
    const { envelope, warnings } = await call('account.list');
    expect(envelope).toMatchObject({ ok: true, value: { accounts: [] } });
    expect(warnings[0]).toMatch(/^The accounts file \(accounts\.json\) was cut short or is not JSON\./);
    expect(setAside('accounts.json')).toHaveLength(1);
  });

  it('a damaged profiles file met by a check in a worker thread: the check goes on, the page is told', async () => {
    writeFileSync(join(deps.configDir, 'profiles.json'), '[not json');
    const path = fixtures.text('contacts.csv', 'Name,Mobile\nAnn,(212) 555-0124\n');
    const { envelope, warnings } = await call('list.check', { taskId: 'damaged-1', path, request: {} });
    expect(envelope).toMatchObject({ ok: true, value: { summary: { numbers: 1 } } });
    expect(warnings[0]).toMatch(/^The profiles file \(profiles\.json\) was cut short or is not JSON\./);
  });

  it('the CLI says so on stderr and goes on', async () => {
    writeFileSync(join(deps.configDir, 'profiles.json'), '{"version": 1, "profiles": [{"name": 3}]}');
    const path = fixtures.text('cli.csv', 'Name,Mobile\nAnn,(212) 555-0124\n');
    const run = await runTxp(['check', path], { env: { TXP_CONFIG_DIR: deps.configDir } });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(
      /^txp: warning: The profiles file \(profiles\.json\) holds entries this version cannot read\. It was set aside as profiles\.json\.damaged-\S+ in the settings folder; no profiles are known until you add them again\.\n$/,
    );
  });
});
