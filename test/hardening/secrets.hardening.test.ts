/**
 * Where secrets go (issue 14). An account is added with `txp account add … --password-stdin`
 * in a real Secret Service session (GNOME Keyring over D-Bus), and a list is sent and its
 * results fetched from the real sandbox, SFTP and web service. Meanwhile every process's
 * argument list and environment is read from /proc; afterwards every file under the config
 * folder, the session's home (its keyring file too) and the temporary folder written since the
 * start. Then the same through the API handlers, every answer and event read. Then a locked
 * keyring, and none at all: the user is told, and nothing is written in plain text.
 * Figures go to test-results/hardening-secrets.json; the README's hardening table quotes them.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerContext } from '../../main/api/api-handlers';
import { createApiHandlers } from '../../main/api/create-api-handlers';
import { dispatchRequest } from '../../main/api/dispatch';
import { startSandbox, type Sandbox } from '../../main/sandbox/start-sandbox';
import { API_DEFAULTS } from '../../shared/accounts/account';
import { testApiDeps } from '../support/api-deps';
import { REPO_ROOT, runTxp } from '../support/run-txp';
import { runInSecretServiceSession } from '../support/secret-service';
import { FixtureDir } from '../support/spreadsheet-fixtures';

const started = Date.now();
const fixtures = new FixtureDir();
const work = mkdtempSync(join(tmpdir(), 'txp-secrets-'));
const SFTP_SECRET = `sftp-${randomBytes(12).toString('hex')}`;
let sandbox: Sandbox;
let secrets: string[];
const figures: { case: string; seconds: number; outcome: string }[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ dir: join(work, 'sandbox'), password: SFTP_SECRET });
  secrets = [SFTP_SECRET, sandbox.api.password];
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(work, { recursive: true, force: true });
  fixtures.remove();
  mkdirSync(resolve(REPO_ROOT, 'test-results'), { recursive: true });
  writeFileSync(resolve(REPO_ROOT, 'test-results/hardening-secrets.json'), JSON.stringify(figures, null, 2) + '\n');
});

function record(name: string, since: number, outcome: string): void {
  figures.push({ case: name, seconds: Math.round((performance.now() - since) / 100) / 10, outcome });
}

/** Every file under `dir` (links not followed) written since the test began, with any secret it holds. */
function filesHolding(dir: string, found: string[] = [], seen = { files: 0 }): { found: string[]; files: number } {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return { found, files: seen.files };
  }
  for (const name of names) {
    const path = join(dir, name);
    let info;
    try {
      info = statSync(path, { throwIfNoEntry: false });
    } catch {
      continue;
    }
    if (!info) continue;
    if (info.isDirectory()) filesHolding(path, found, seen);
    else if (info.isFile() && info.mtimeMs >= started - 1000 && info.size < 64 * 1024 * 1024) {
      let data: Buffer;
      try {
        data = readFileSync(path);
      } catch {
        continue;
      }
      seen.files++;
      for (const secret of secrets) if (data.includes(secret)) found.push(`${path} holds ${secret === SFTP_SECRET ? 'the SFTP password' : 'the API password'}`);
    }
  }
  return { found, files: seen.files };
}

/**
 * Reads every process's argument list and environment from /proc until `stop` is set; what
 * holds a secret goes to `found`. Counts the txp processes it saw, so the test knows it looked.
 */
async function watchProcesses(stop: { done: boolean }): Promise<{ found: string[]; txpSeen: number }> {
  const found = new Set<string>();
  const txp = new Set<string>();
  while (!stop.done) {
    for (const pid of await readdir('/proc').catch(() => [] as string[])) {
      if (!/^\d+$/.test(pid)) continue;
      for (const part of ['cmdline', 'environ']) {
        const data = await readFile(`/proc/${pid}/${part}`).catch(() => null);
        if (!data) continue;
        if (part === 'cmdline' && data.includes('bin/txp.mjs')) txp.add(pid);
        for (const secret of secrets) if (data.includes(secret)) found.add(`process ${pid} ${part}: ${data.toString('utf8').replace(/\0/g, ' ').slice(0, 120)}`);
      }
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 20));
  }
  return { found: [...found], txpSeen: txp.size };
}

describe('secrets', () => {
  it('after an account add and a send with results, are in no file, argument list, environment or output', { timeout: 180_000 }, async () => {
    const since = performance.now();
    const home = join(work, 'home');
    const config = join(work, 'config');
    mkdirSync(home, { mode: 0o700 });
    writeFileSync(join(work, 'sftp.secret'), SFTP_SECRET, { mode: 0o600 });
    writeFileSync(join(work, 'api.secret'), sandbox.api.password, { mode: 0o600 });
    const list = fixtures.text('contacts.csv', 'Name,Mobile\nAnn,(212) 555-0126\nBob,646-555-0142\n');
    const txp = `node ${join(REPO_ROOT, 'bin/txp.mjs')}`;
    const stop = { done: false };
    const watching = watchProcesses(stop);
    const run = await runInSecretServiceSession(
      [
        `${txp} account add Office --host 127.0.0.1 --port ${sandbox.port} --user ${sandbox.user} --password-stdin < "${work}/sftp.secret"`,
        `${txp} account add Office --user ${sandbox.user} --api-user ${sandbox.api.user} --api-campaign ${sandbox.api.campaign} --api-url ${sandbox.api.url} --api-password-stdin < "${work}/api.secret"`,
        `rm "${work}/sftp.secret" "${work}/api.secret"`,
        `${txp} account trust Office --fingerprint ${sandbox.fingerprint}`,
        `${txp} send "${list}" --account Office --keyword DEMO --wait --results "${work}/results.csv"`,
        `${txp} account list --json`,
      ].join('\n'),
      { TXP_CONFIG_DIR: config, HOME: home, XDG_DATA_HOME: join(home, '.local/share'), XDG_RUNTIME_DIR: home, XDG_CACHE_HOME: join(home, '.cache') },
      150_000,
    );
    stop.done = true;
    const processes = await watching;
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/^txp:/m);
    expect(run.stdout).toMatch(/"hasSecret": ?true/);
    expect(readFileSync(join(work, 'results.csv'), 'utf8')).toContain('+12125550126');
    // The keyring file exists (so it was looked at) and holds the passwords only encrypted.
    expect(readdirSync(join(home, '.local/share/keyrings')).length).toBeGreaterThan(0);
    const files = [config, home, tmpdir()].map((dir) => filesHolding(dir));
    expect(processes.txpSeen, 'the /proc watch saw the txp processes').toBeGreaterThanOrEqual(1);
    expect(processes.found).toEqual([]);
    expect(files.flatMap((f) => f.found)).toEqual([]);
    for (const secret of secrets) expect(run.stdout + run.stderr).not.toContain(secret);
    const filesRead = files.reduce((n, f) => n + f.files, 0);
    record(
      'After `txp account add … --password-stdin` and `txp send --wait` (real keychain, the sandbox)',
      since,
      `neither password in ${filesRead} files written meanwhile (config folder, home with its keyring, temp folder), in the argument list or environment of ${processes.txpSeen} txp processes (or any other), nor in any output`,
    );
  });

  it('are in no answer or event of the API, from saving the account to the results', { timeout: 120_000 }, async () => {
    const since = performance.now();
    const deps = testApiDeps();
    const handlers = createApiHandlers(deps);
    const said: string[] = [];
    const context: HandlerContext = { emit: (name, payload) => said.push(JSON.stringify({ name, payload })), signal: new AbortController().signal };
    const call = async (channel: string, payload?: unknown) => {
      const answer = await dispatchRequest(handlers, channel, payload, context);
      said.push(JSON.stringify(answer));
      return answer as { ok: boolean; value: Record<string, unknown> };
    };
    try {
      const api = { ...API_DEFAULTS, uid: sandbox.api.user, campaign: sandbox.api.campaign, url: sandbox.api.url };
      const saved = await call('account.save', { name: 'Office', user: sandbox.user, host: sandbox.host, port: sandbox.port, secret: SFTP_SECRET, api, apiSecret: sandbox.api.password });
      expect(saved.ok, JSON.stringify(saved)).toBe(true);
      await call('account.trustHostKey', { name: 'Office', fingerprint: sandbox.fingerprint });
      expect((await call('account.testLogin', { name: 'Office' })).ok).toBe(true);
      expect((await call('account.testApi', { name: 'Office' })).ok).toBe(true);
      const path = fixtures.text('api-contacts.csv', 'Name,Mobile\nAnn,(212) 555-0128\n');
      const plan = (await call('list.check', { taskId: 'check', path, request: {} })).value['plan'];
      const sent = await call('list.send', { taskId: 'send', path, plan, account: 'Office', keyword: 'DEMO' });
      expect(sent.ok).toBe(true);
      const results = await call('list.results', { taskId: 'results', path, plan, account: 'Office', remoteName: sent.value['remoteName'], keyword: 'DEMO', timeoutMinutes: 1 });
      expect(results.ok).toBe(true);
      for (const channel of ['account.list', 'history.list', 'settings.get', 'app.info']) await call(channel);
      for (const secret of secrets) expect(said.filter((text) => text.includes(secret))).toEqual([]);
      const inFiles = filesHolding(deps.configDir);
      expect(inFiles.found).toEqual([]);
      record(
        'Through the API: save, trust, test login and API, check, send, results, lists',
        since,
        `neither password in any of ${said.length} answers and events, nor in the ${inFiles.files} files of the config folder`,
      );
    } finally {
      await deps.pipeline.cancelAll();
    }
  });

  it('with a locked keyring: the user is told, nothing is half saved, nothing is written in plain text', { timeout: 120_000 }, async () => {
    const since = performance.now();
    const home = join(work, 'locked-home');
    const config = join(work, 'locked-config');
    mkdirSync(home, { mode: 0o700 });
    writeFileSync(join(work, 'first.secret'), SFTP_SECRET, { mode: 0o600 });
    writeFileSync(join(work, 'second.secret'), sandbox.api.password, { mode: 0o600 });
    const txp = `node ${join(REPO_ROOT, 'bin/txp.mjs')}`;
    const run = await runInSecretServiceSession(
      [
        `${txp} account add Office --host 127.0.0.1 --port ${sandbox.port} --user ${sandbox.user} --password-stdin < "${work}/first.secret"`,
        // Lock the login keyring, as a screen lock or a timeout does.
        'dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login > /dev/null',
        `${txp} account list > "${work}/list.out" 2> "${work}/list.err"`,
        `${txp} account add Second --user other --password-stdin < "${work}/second.secret" > "${work}/add.out" 2> "${work}/add.err" && exit 9 || echo "add exit $?"`,
        `${txp} account trust Office --fingerprint ${sandbox.fingerprint} > /dev/null`,
        `${txp} send "${fixtures.text('locked.csv', 'Mobile\n(212) 555-0130\n')}" --account Office --keyword DEMO > "${work}/send.out" 2> "${work}/send.err" && exit 9 || echo "send exit $?"`,
        `${txp} account list --json`,
      ].join('\n'),
      { TXP_CONFIG_DIR: config, HOME: home, XDG_DATA_HOME: join(home, '.local/share'), XDG_RUNTIME_DIR: home },
    );
    expect(run.status, run.stderr).toBe(0);
    const text = (name: string) => readFileSync(join(work, name), 'utf8');
    expect(text('list.out')).toContain('Office: ');
    expect(text('list.out')).toContain('password unknown: the keychain is locked');
    const refusal = /^txp: The password was not saved: the OS keychain is locked or has no default keyring\. Unlock it .*Nothing was written in plain text\.\n$/;
    expect(text('add.err')).toMatch(refusal);
    expect(text('send.err')).toMatch(/^txp: The password could not be read: the OS keychain is locked/);
    for (const name of ['add.err', 'send.err', 'list.err']) expect(text(name)).not.toMatch(/platform storage|Secret Service|prompt/);
    expect(run.stdout).toMatch(/add exit [1-9]/);
    // The account the keychain refused is not kept half saved.
    const listed = JSON.parse(run.stdout.slice(run.stdout.indexOf('['), run.stdout.lastIndexOf(']') + 1)) as { name: string; keychainLocked: boolean }[];
    expect(listed.map((a) => a.name)).toEqual(['Office']);
    expect(listed[0]?.keychainLocked).toBe(true);
    rmSync(join(work, 'first.secret'));
    rmSync(join(work, 'second.secret'));
    expect(filesHolding(config).found).toEqual([]);
    expect(filesHolding(home).found).toEqual([]);
    record(
      'A locked keyring (locked over D-Bus after the account was added)',
      since,
      'listed as "password unknown: the keychain is locked" (it said "no password saved"); a new password is refused in one line with what to do, and its account not kept (it was kept without it, with the library\'s "Couldn\'t access platform storage"); a send says the password could not be read; nothing in plain text',
    );
  });

  it('without a Secret Service: the user is told, and the password is written nowhere', { timeout: 60_000 }, async () => {
    const since = performance.now();
    const config = join(work, 'no-keychain-config');
    const run = await runTxp(['account', 'add', 'Office', '--user', 'txpftp012345', '--password-stdin'], {
      input: SFTP_SECRET,
      env: { TXP_CONFIG_DIR: config, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(work, 'no-such-bus')}` },
    });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^txp: No usable OS keychain was found\. .*The password was not saved; give it with --password-stdin when you send\.\n$/);
    expect(run.stderr).not.toMatch(/platform storage|D-Bus|dbus/i);
    expect(filesHolding(config).found).toEqual([]);
    record('No Secret Service (no D-Bus session)', since, 'told in one line that the password was not saved and how to give it; written nowhere');
  });
});
