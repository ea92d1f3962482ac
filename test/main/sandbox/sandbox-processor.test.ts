/**
 * The sandbox end to end on the service side: this project's `send` uploads to the sandbox
 * (its SFTP service and simulated processor, started here on 127.0.0.1), which writes the
 * per-number results and deletes the upload at once.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../../shared/accounts/account';
import { sandboxAccount } from '../../../main/sending/account-service';
import { startSandbox, type Sandbox } from '../../../main/sandbox/start-sandbox';
import { sendList } from '../../../main/jobs/send-list';
import { planFor } from '../../support/plan-for';
import { REPO_ROOT } from '../../support/run-txp';
import { FixtureDir } from '../../support/spreadsheet-fixtures';

let sandbox: Sandbox;
const dir = mkdtempSync(join(tmpdir(), 'txp-sandbox-'));
const config = mkdtempSync(join(tmpdir(), 'txp-config-'));
const fixtures = new FixtureDir();
let account: Account;

beforeAll(async () => {
  // The processor's own verdicts, read from its simulated results file (the client never reads one).
  sandbox = await startSandbox({ dir, resultsFile: true });
  account = { ...sandboxAccount(sandbox), keyword: 'DEMO' };
});
afterAll(async () => {
  await sandbox?.close();
  fixtures.remove();
  rmSync(dir, { recursive: true, force: true });
  rmSync(config, { recursive: true, force: true });
});

async function resultsOf(remoteName: string): Promise<string[]> {
  const path = join(sandbox.root, 'results', `${remoteName}.results.csv`);
  const deadline = Date.now() + 10_000;
  while (!existsSync(path) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return readFileSync(path, 'utf8')
    .split('\r\n')
    .filter((line) => line !== '');
}

const send = async (path: string, removeWhen?: string) =>
  sendList({ list: await planFor(path, removeWhen ? { removeWhen } : {}, config), account, secret: sandbox.password, keyword: 'DEMO', configDir: config });

describe('sandbox processor', () => {
  it('classifies every number, opts in mobiles, refuses landlines and STOPped numbers, and deletes the upload', async () => {
    const path = fixtures.text('crm.csv', ['Name,Mobile,Opt Out', 'Ann,(212) 555-0124,', 'Bob,(212) 555-0125,', 'Cy,(212) 555-0100,', 'Di,+44 7911 123456,', 'Ed,800-555-0199,'].join('\n'));
    const sent = await send(path);
    expect(await resultsOf(sent.remoteName)).toEqual([
      'phone,line_type,opt_status,detail',
      '+12125550124,mobile,opted_in,added',
      '+12125550125,landline,not_opted_in,not a mobile number',
      '+12125550100,mobile,opted_out,opted out by owner: cannot be re-added',
      '+447911123456,mobile,opted_in,added',
      '+18005550199,toll_free,not_opted_in,not a mobile number',
    ]);
    expect(readdirSync(sandbox.root).sort()).toEqual(['results']);
  });

  it('remembers opt-ins per keyword and applies removals', async () => {
    const again = fixtures.text('again.csv', ['Name,Mobile,Opt Out', 'Ann,(212) 555-0124,', 'Di,+44 7911 123456,Yes'].join('\n'));
    const sent = await send(again, 'Opt Out=Yes');
    expect(await resultsOf(sent.remoteName)).toEqual(['phone,line_type,opt_status,detail', '+12125550124,mobile,opted_in,already opted in', '+447911123456,mobile,not_opted_in,removed by upload']);
    const optIns = JSON.parse(readFileSync(join(dir, 'state', 'optins.json'), 'utf8')) as Record<string, string[]>;
    expect(optIns['DEMO']).toEqual(['+12125550124']);
  });

  it('answers a malformed upload with an error row and deletes it, without stopping', async () => {
    writeFileSync(join(sandbox.root, 'garbage.csv'), Buffer.from([0, 1, 2, 3, 0, 255]));
    expect(await resultsOf('garbage.csv')).toEqual(['phone,line_type,opt_status,detail', ',invalid,not_opted_in,malformed upload: not a text file']);
    expect(existsSync(join(sandbox.root, 'garbage.csv'))).toBe(false);
    const after = await send(fixtures.text('after.csv', 'Mobile\n(646) 555-0142\n'));
    expect((await resultsOf(after.remoteName))[1]).toBe('+16465550142,mobile,opted_in,added');
  });
});

describe('ALP drops', () => {
  it('send the original workbook unchanged, with its field map; the processor reads it with that map', async () => {
    const rows = [['Contacts report'], [], ['Name', 'Mobile', 'Home', 'Group'], ['Kim', '(212) 555-0136', '(212) 555-0137', 'Gold'], ['Lou', 'n/a', '+44 7911 123457', 'Silver']];
    const workbook = fixtures.workbook('alp-export.xlsx', { Contacts: rows });
    await expect(
      sendList({ list: await planFor(workbook, { phone: ['Mobile', 'Home'] }, config), account, secret: sandbox.password, keyword: 'DEMO', configDir: config, drop: 'alp' }),
    ).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('needs the ALP field map saved as a profile'),
    });
    // Save the field map once (a Preformatted send), then drop the original with it.
    await sendList({
      list: await planFor(workbook, { phone: ['Mobile', 'Home'], tags: ['Group'], saveProfile: 'ALP Contacts' }, config),
      account,
      secret: sandbox.password,
      keyword: 'ALP',
      configDir: config,
    });
    const sent = await sendList({ list: await planFor(workbook, { profile: 'ALP Contacts' }, config), account, secret: sandbox.password, keyword: 'ALP2', configDir: config, drop: 'alp' });
    expect(sent.remoteName).toMatch(/\.xlsx$/);
    expect(await resultsOf(sent.remoteName)).toEqual([
      'phone,line_type,opt_status,detail',
      '+12125550136,mobile,opted_in,added',
      '+12125550137,landline,not_opted_in,not a mobile number',
      '+447911123457,mobile,opted_in,added',
    ]);
    expect(readdirSync(sandbox.root).sort()).toEqual(['results']);
  });
});

describe('txp sandbox', () => {
  it('prints host, port, user, password and fingerprint, and stops cleanly on Ctrl-C', async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/txp.mjs'), 'sandbox', '--dir', join(dir, 'cli')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const deadline = Date.now() + 20_000;
    while (!out.includes('Press Ctrl-C') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain('TextPower sandbox (simulated service, loopback only)');
    expect(out).toMatch(/host: +127\.0\.0\.1/);
    expect(out).toMatch(/port: +\d+/);
    expect(out).toMatch(/password: +\S{10,}/);
    expect(out).toMatch(/host key: +ssh-ed25519 SHA256:\S{43}/);
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    expect(await exited).toBe(0);
    clearTimeout(timer);
    expect(out).toContain('Sandbox stopped.');
  });
});
