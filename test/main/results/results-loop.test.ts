/**
 * The results loop end to end the way TextPower gives results, against the real sandbox
 * (SFTP drop, processor and its SOAP web service over HTTP, started by `txp send --sandbox`
 * itself): upload, wait until the file leaves the drop folder ("processed"), ask the web
 * service for each number's opt status, join it to the user's rows, export. No results file.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../main/sandbox/start-sandbox';
import { REPO_ROOT, runTxp } from '../../support/run-txp';

const config = mkdtempSync(join(tmpdir(), 'txp-config-'));
const out = mkdtempSync(join(tmpdir(), 'txp-out-'));
afterAll(() => {
  rmSync(config, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});
const example = join(REPO_ROOT, 'examples/crm-contacts-export.csv');

describe('txp send --sandbox --wait', () => {
  it('uploads, sees the file processed, asks the web service per number, joins to the rows, and exports', { timeout: 60_000 }, async () => {
    const run = await runTxp(['send', example, '--sandbox', '--wait', '--keyword', 'DEMO', '--remove-when', 'SMS Opt Out=Yes', '--results', join(out, 'results.csv'), '--json'], {
      env: { TXP_CONFIG_DIR: config },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as { simulated: boolean; numbers: number; processed: { processed: boolean }; statusSource: string; results: Record<string, Record<string, number>> };
    expect(result).toMatchObject({ simulated: true, numbers: 11, processed: { processed: true }, statusSource: 'sandbox' });
    // Line types only as TextPower's service lets them be known: opted in means a mobile; the rest is unknown; invalid is our own check.
    expect(result.results['lineTypes']).toEqual({ mobile: 7, unknown: 5, invalid: 2 });
    expect(result.results['optStatus']).toEqual({ opted_in: 7, not_opted_in: 3, unknown: 2, opted_out: 1, removed: 1 });
    expect(result.results['sources']).toEqual({ sandbox: 12, local: 2 });
    // Nothing is left on the server, and no results file was ever written (TextPower documents none).
    const root = join(config, 'sandbox', 'root');
    expect(readdirSync(root)).toEqual(['results']);
    expect(readdirSync(join(root, 'results'))).toEqual([]);
    const csv = readFileSync(join(out, 'results.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe('Row,First Name,Last Name,Mobile Phone,Home Phone,Segment,Branch,SMS Opt Out,Phone column,Number,Line type,Opt status,Status from,What happened');
    const dan = csv.find((line) => line.startsWith('8,Dan,')) ?? '';
    expect(dan).toContain("'+12125550100,unknown,opted_out,the sandbox (simulated),");
    expect(dan).toContain('the owner texted STOP');
  });

  it('exports XLSX too, and says where the statuses come from', { timeout: 60_000 }, async () => {
    const path = join(out, 'results.xlsx');
    const run = await runTxp(['send', example, '--sandbox', '--wait', '--keyword', 'DEMO', '--results', path], { env: { TXP_CONFIG_DIR: config } });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Per-number opt status from the sandbox (simulated): SIMULATED by the local sandbox, not by TextPower.');
    const sheet = XLSX.read(readFileSync(path)).Sheets['Results'] as XLSX.WorkSheet;
    const rows = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1 });
    expect(rows[0]?.[12]).toBe('Status from');
    // Clean cells: the number exactly as E.164, no apostrophe (that is the CSV way), so a lookup against the CRM matches.
    expect(rows.some((row) => row[9] === '+12125550124' && row[11] === 'opted_in' && row[12] === 'the sandbox (simulated)')).toBe(true);
    // Every cell is a text cell and none is a formula, whatever it begins with (+44…, =…).
    const cells = Object.entries(sheet).filter(([key]) => !key.startsWith('!')) as [string, XLSX.CellObject][];
    expect(cells.filter(([, cell]) => cell.t !== 's' || cell.f !== undefined)).toEqual([]);
    expect(cells.some(([, cell]) => String(cell.v).startsWith('+'))).toBe(true);
  });

  it('npm run demo walks the real path and shows the per-number table', { timeout: 90_000 }, async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '-s', 'demo'], { cwd: REPO_ROOT, env: { ...process.env, TXP_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'txp-demo-')) }, timeout: 80_000 });
    expect(stdout).toMatch(/The sandbox \(simulated\) processed the file at \S+ \(it left the drop folder\)\./);
    expect(stdout).toMatch(/14 +Mobile Phone +\+13105550146 +unknown +removed +the sandbox \(simulated\)/);
    expect(stdout).toContain('Opt status: opted_in 7, not_opted_in 3, unknown 2, opted_out 1, removed 1');
  });
});

describe('without per-number status from TextPower', () => {
  it.each([
    ['an account without web-service access', false, 'Per-number status is not available: this account has no TextPower web-service access set up.'],
    ['a service whose WSDL lacks the status operation', true, `TextPower's service does not offer "ManageOptin" (it offers GetAccountData).`],
  ])('%s: the results end at "processed", with honest rows and no invented status', { timeout: 60_000 }, async (_name, withApi, note) => {
    const dir = mkdtempSync(join(tmpdir(), 'txp-sandbox-'));
    const sandbox = await startSandbox({ dir, soap: { withoutManageOptin: true } });
    const env = { TXP_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'txp-config-')), DBUS_SESSION_BUS_ADDRESS: '' };
    try {
      const api = withApi ? ['--api-user', sandbox.api.user, '--api-campaign', sandbox.api.campaign, '--api-url', sandbox.api.url, '--api-password-stdin'] : [];
      await runTxp(['account', 'add', 'Local', '--user', sandbox.user, '--host', sandbox.host, '--port', String(sandbox.port), ...api], { env, input: sandbox.api.password });
      expect((await runTxp(['account', 'trust', 'Local', '--fingerprint', sandbox.fingerprint], { env })).status).toBe(0);
      // No keychain here: both passwords on standard input, one a line.
      const run = await runTxp(['send', example, '--account', 'Local', '--password-stdin', ...(withApi ? ['--api-password-stdin'] : []), '--keyword', 'DEMO', '--wait', '--json'], {
        env,
        input: withApi ? `${sandbox.password}\n${sandbox.api.password}\n` : sandbox.password,
        timeoutMs: 60_000,
      });
      expect(run.stderr).toBe('');
      const result = JSON.parse(run.stdout) as { processed: { processed: boolean }; statusSource: string; statusNote: string; results: Record<string, Record<string, number>> };
      expect(result).toMatchObject({ processed: { processed: true }, statusSource: 'none' });
      expect(result.statusNote.slice(0, note.length)).toBe(note);
      // Nothing is made up: no opt state and no line type but what this app knows (invalid numbers).
      expect(result.results['optStatus']).toEqual({ unknown: 14 });
      expect(result.results['lineTypes']).toEqual({ unknown: 12, invalid: 2 });
      expect(result.results['sources']).toEqual({ none: 12, local: 2 });
      // The example's "SMS Opt Out" column protects Jon's number by itself: it goes as a removal, no flag needed.
      expect(Object.keys(result.results['details'] ?? {}).sort()).toEqual(['not sent: DAMAGED', 'not sent: TOO_SHORT', 'same number as row 5: sent once', 'sent as a removal', 'sent to be added']);
    } finally {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A sandbox added as the account "Local" with its web-service login, in a config folder of its own. */
async function localAccount() {
  const dir = mkdtempSync(join(tmpdir(), 'txp-sandbox-'));
  const sandbox = await startSandbox({ dir });
  const config = mkdtempSync(join(tmpdir(), 'txp-config-'));
  const env = { TXP_CONFIG_DIR: config, DBUS_SESSION_BUS_ADDRESS: '' };
  const login = ['--user', sandbox.user, '--host', sandbox.host, '--port', String(sandbox.port), '--api-user', sandbox.api.user, '--api-campaign', sandbox.api.campaign, '--api-url', sandbox.api.url];
  expect((await runTxp(['account', 'add', 'Local', ...login], { env })).status).toBe(0);
  expect((await runTxp(['account', 'trust', 'Local', '--fingerprint', sandbox.fingerprint], { env })).status).toBe(0);
  return {
    sandbox,
    config,
    env,
    close: async () => {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(config, { recursive: true, force: true });
    },
  };
}

describe('txp results', () => {
  it('says whether an earlier upload is processed, and with its source file gives the per-number status', { timeout: 60_000 }, async () => {
    const { sandbox, env, close } = await localAccount();
    try {
      // Still in the drop folder: not processed yet, which is not an error.
      sandbox.processor.stop();
      const file = join(sandbox.root, 'later.csv');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(file, '2125550124\r\n');
      const waiting = await runTxp(['results', 'later.csv', '--account', 'Local', '--password-stdin'], { env, input: sandbox.password });
      expect(waiting).toMatchObject({ status: 0, stdout: 'later.csv is still in the drop folder: TextPower has not processed it yet. Try again later, or add --wait.\n' });
      await sandbox.processor.tick();
      const done = await runTxp(['results', 'later.csv', '--account', 'Local', '--password-stdin', '--json'], { env, input: sandbox.password });
      expect(JSON.parse(done.stdout)).toMatchObject({ remoteName: 'later.csv', processed: { processed: true } });
    } finally {
      await close();
    }
  });

  it('without FILE, takes the file and columns of the send from the history, and gives the per-number status', { timeout: 60_000 }, async () => {
    const { sandbox, config, env, close } = await localAccount();
    try {
      // The phone is the second column and the name the first: the plan must come back from the history.
      const source = join(config, 'contacts.csv');
      writeFileSync(source, 'Mobile,Notes\n(212) 555-0124,call\n(646) 555-0143,mail\n');
      const sent = await runTxp(['send', source, '--account', 'Local', '--phone', '#1', '--keyword', 'DEMO', '--password-stdin', '--json'], { env, input: sandbox.password });
      expect(sent.status).toBe(0);
      const remoteName = (JSON.parse(sent.stdout) as { remoteName: string }).remoteName;
      const results = await runTxp(['results', remoteName, '--account', 'Local', '--wait', '--password-stdin', '--api-password-stdin', '--json'], {
        env,
        input: `${sandbox.password}\n${sandbox.api.password}\n`,
      });
      expect(results.stderr).toBe('');
      const parsed = JSON.parse(results.stdout) as { processed: { processed: boolean }; statusSource: string; results: { optStatus: Record<string, number>; sources: Record<string, number> } };
      // An account the user added is TextPower's as far as the app knows (this one points at a sandbox).
      expect(parsed).toMatchObject({ processed: { processed: true }, statusSource: 'textpower' });
      expect(parsed.results.sources).toEqual({ textpower: 2 });
      // Each number sent is asked once.
      expect(sandbox.api.calls.filter((c) => c.operation === 'ManageOptin')).toHaveLength(2);
    } finally {
      await close();
    }
  });
});
