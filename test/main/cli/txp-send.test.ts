/**
 * `txp account` and `txp send` as real processes against a real OpenSSH server (Debian's sshd
 * on 127.0.0.1, started and stopped here). This process has no D-Bus session, so no keychain:
 * the CLI must say so and keep nothing; passwords are given with --password-stdin.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpensshServer, type OpensshServer } from '../../support/openssh-server';
import { runTxp } from '../../support/run-txp';
import { FixtureDir } from '../../support/spreadsheet-fixtures';

let server: OpensshServer;
const fixtures = new FixtureDir();
const config = mkdtempSync(join(tmpdir(), 'txp-config-'));
const env = { TXP_CONFIG_DIR: config, DBUS_SESSION_BUS_ADDRESS: '' };
let fingerprint = '';

beforeAll(async () => {
  server = await startOpensshServer();
});
afterAll(async () => {
  await server?.stop();
  fixtures.remove();
  rmSync(config, { recursive: true, force: true });
});

const txp = (args: string[], input?: string) => runTxp(args, { env, ...(input !== undefined ? { input } : {}) });
const contacts = () => fixtures.text('Nightly Contacts.csv', 'Name,Mobile,Group\nAnn,(212) 555-0125,Gold Club\nBob,646-555-0142,Silver\nCy,555,Gold Club\n');

describe('txp account', () => {
  it('adds an account, says plainly that there is no keychain, and keeps the password out of every file', async () => {
    const run = await txp(
      ['account', 'add', 'Office', '--user', server.user, '--host', server.host, '--port', String(server.port), '--upload-dir', join(server.home, 'upload'), '--password-stdin'],
      `${server.password}\n`,
    );
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('No usable OS keychain was found');
    expect(run.stdout).toContain('Next: txp account trust Office');
    const list = await txp(['account', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toMatchObject([{ name: 'Office', user: server.user, port: server.port, hostKey: null, hasSecret: false }]);
    for (const file of readdirSync(config)) expect(readFileSync(join(config, file), 'utf8')).not.toContain(server.password);
  });

  it('refuses to send before the host key is trusted', async () => {
    const run = await txp(['send', contacts(), '--account', 'Office', '--password-stdin'], server.password);
    expect(run.status).toBe(4);
    expect(run.stderr).toContain('is not trusted yet');
  });

  it('trusts only the fingerprint the server really shows', async () => {
    const wrong = await txp(['account', 'trust', 'Office', '--fingerprint', 'SHA256:' + 'B'.repeat(43)]);
    expect(wrong.status).toBe(4);
    fingerprint = /shows ssh-ed25519 key (SHA256:\S+),/.exec(wrong.stderr)?.[1] ?? '';
    expect(fingerprint).toMatch(/^SHA256:/);
    const right = await txp(['account', 'trust', 'Office', '--fingerprint', fingerprint]);
    expect(right).toMatchObject({ status: 0, stdout: expect.stringContaining(`Trusted ${server.host}:${server.port}: ssh-ed25519 ${fingerprint}`) });
  });
});

describe('txp send', () => {
  it('uploads the Preformatted file with its manifest and reports it; keeps no local copy, and history has no number', async () => {
    const run = await txp(['send', contacts(), '--account', 'Office', '--keyword', 'DEMO', '--password-stdin', '--json'], server.password);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as { remoteName: string; bytes: number; numbers: number; seconds: number; sha256: string };
    expect(result.remoteName).toMatch(/^nightly-contacts-\d{8}T\d{6}Z-[0-9a-f]{6}\.csv$/);
    expect(result.numbers).toBe(2);
    expect(result.seconds).toBeGreaterThan(0);
    const uploaded = readFileSync(join(server.home, 'upload', result.remoteName));
    expect(uploaded.toString()).toBe('2125550125,GoldClub\r\n6465550142,Silver\r\n');
    expect(result.bytes).toBe(uploaded.length);
    const manifest = JSON.parse(readFileSync(join(server.home, 'upload', `${result.remoteName}.job.json`), 'utf8'));
    expect(manifest).toMatchObject({ kind: 'textpower-upload-job', dataFile: result.remoteName, keyword: 'DEMO', mode: 'alp', counts: { written: 2, invalid: 1 } });
    expect(manifest.sha256).toBe(createHash('sha256').update(uploaded).digest('hex'));
    expect(readdirSync(join(config, 'tmp'))).toEqual([]);
    const history = readFileSync(join(config, 'history.jsonl'), 'utf8');
    expect(history).toContain(result.remoteName);
    expect(history).not.toMatch(/555|\+1\d{10}/);
  });

  it('refuses an upload without a keyword: exit 2, one line that says how, nothing sent', async () => {
    const uploads = () => readdirSync(join(server.home, 'upload')).sort();
    const before = uploads();
    const run = await txp(['send', contacts(), '--account', 'Office', '--password-stdin'], server.password);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'txp: No keyword for this upload: every upload goes to one keyword, the TextPower list the numbers join. Give it with --keyword KW, or save one with the account (txp account add Office … --keyword KW). Nothing was sent.\n',
    );
    expect(uploads()).toEqual(before);
  });

  it('sends nothing and exits 5 when the file has no valid number (a nightly task never sends an empty list)', async () => {
    const uploads = () => readdirSync(join(server.home, 'upload')).sort();
    const before = uploads();
    const empty = fixtures.text('No numbers.csv', 'Name,Mobile\nAnn,555-0100\nBob,\n');
    const run = await txp(['send', empty, '--account', 'Office', '--keyword', 'DEMO', '--password-stdin'], server.password);
    expect(run.status).toBe(5);
    expect(run.stderr).toBe('txp: No numbers.csv has nothing to send: its one number is not valid. Nothing was sent.\n');
    expect(uploads()).toEqual(before);
  });

  it('ends a wrong password with exit 4 and one clear line', async () => {
    const run = await txp(['send', contacts(), '--account', 'Office', '--keyword', 'DEMO', '--password-stdin'], 'wrong-password');
    expect(run.status).toBe(4);
    expect(run.stderr.trim().split('\n')).toEqual([`txp: 127.0.0.1:${server.port} refused the login for user "${server.user}": check the SFTP user id and password in the account settings.`]);
  });

  it('trusts a new server with --accept-new, like OpenSSH’s StrictHostKeyChecking=accept-new', async () => {
    expect((await txp(['account', 'add', 'Second', '--user', server.user, '--host', server.host, '--port', String(server.port)])).status).toBe(0);
    const run = await txp(['account', 'trust', 'Second', '--accept-new']);
    expect(run).toMatchObject({ status: 0, stdout: expect.stringContaining(`Trusted ${server.host}:${server.port}: ssh-ed25519 ${fingerprint}`) });
  });

  it('refuses a changed host key, sends nothing and keeps the pinned key', async () => {
    await server.restart({ newHostKey: true });
    const before = readdirSync(join(server.home, 'upload')).length;
    const run = await txp(['send', contacts(), '--account', 'Office', '--keyword', 'DEMO', '--password-stdin'], server.password);
    expect(run.status).toBe(4);
    expect(run.stderr).toContain(`has changed: it is now`);
    expect(run.stderr).toContain(`but ${fingerprint} was trusted`);
    expect(readdirSync(join(server.home, 'upload')).length).toBe(before);
    for (const args of [
      ['account', 'trust', 'Office'],
      ['account', 'trust', 'Office', '--accept-new'],
    ]) {
      const trust = await txp(args);
      expect(trust.status).toBe(4);
      expect(trust.stderr).toContain('The trusted key is kept');
    }
    const office = (JSON.parse((await txp(['account', 'list', '--json'])).stdout) as { name: string; hostKey: { fingerprint: string } }[]).find((a) => a.name === 'Office');
    expect(office?.hostKey.fingerprint).toBe(fingerprint);
  });
});
