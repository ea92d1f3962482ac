/**
 * `txp watch` against the real sandbox (SFTP drop and processor): files dropped into the
 * watched folder are sent once each and moved to sent/; a file still being written is not taken
 * before it stops growing; a file that cannot be sent goes to failed/ with its reason, and the
 * run is in History; an unreachable server leaves the file for the next run.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../main/sandbox/start-sandbox';
import { automationFixture, exportText, until, type AutomationFixture } from '../../support/automation-fixture';
import { REPO_ROOT, runTxp } from '../../support/run-txp';

let fx: AutomationFixture;
beforeAll(async () => {
  fx = await automationFixture();
}, 60_000);
afterAll(() => fx?.close());

const list = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);
const history = () =>
  readFileSync(join(fx.config, 'history.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { sourceFile: string; outcome: string; error?: string; automation?: string });

describe('txp watch FOLDER', () => {
  it('sends each dropped file once, moves it to sent/, and does not take a file while it is still being written', { timeout: 90_000 }, async () => {
    const child = spawn(process.execPath, [resolve(REPO_ROOT, 'bin/txp.mjs'), 'watch', fx.folder, '--profile', 'CRM', '--account', 'Local', '--settle-seconds', '1.5', '--password-stdin'], {
      env: { ...process.env, ...fx.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin.end(fx.sandbox.password);
    const exited = new Promise<number | null>((done) => child.on('close', done));
    try {
      await until(() => stdout.includes('Watching'), 30_000, 'the watcher to start');
      writeFileSync(join(fx.folder, 'contacts_a.csv'), exportText([1, 2, 3, 4]));
      // A big export written in pieces, with pauses shorter than the settle time: it must go whole, once.
      const rows = exportText(Array.from({ length: 60 }, (_, i) => 10 + i)).split('\r\n');
      const slow = join(fx.folder, 'contacts_b.csv');
      writeFileSync(slow, rows.slice(0, 5).join('\r\n') + '\r\n');
      for (let at = 5; at < rows.length; at += 10) {
        await new Promise((r) => setTimeout(r, 700));
        expect(list(join(fx.folder, 'sent'))).not.toContain('contacts_b.csv');
        appendFileSync(slow, rows.slice(at, at + 10).join('\r\n') + (at + 10 < rows.length ? '\r\n' : ''));
      }
      await until(() => list(join(fx.folder, 'sent')).length === 2 && fx.processed.length === 2, 30_000, 'both files to be sent and processed');
      expect(list(fx.folder)).toEqual(['sent']);
      expect(list(join(fx.folder, 'sent'))).toEqual(['contacts_a.csv', 'contacts_b.csv']);
      // Once each; the slow file with all 60 numbers, not the first few.
      const sizes = fx.processed.map((p) => p.rows.length).sort((a, b) => a - b);
      expect(sizes).toEqual([4, 60]);
      expect(stdout).toMatch(/Sent contacts_a\.csv: 4 numbers as contacts-a-\S+\.csv; moved to the “sent” folder\./);
      expect(stdout).toMatch(/Sent contacts_b\.csv: 60 numbers/);
      // A while later nothing more has gone: the moved files are not news.
      await new Promise((r) => setTimeout(r, 2500));
      expect(fx.processed).toHaveLength(2);
      expect(history().filter((h) => h.outcome === 'uploaded' && h.automation?.startsWith('watch '))).toHaveLength(2);
    } finally {
      child.kill('SIGINT');
      const status = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 15_000))]);
      if (status === 'timeout') child.kill('SIGKILL');
      expect(status).toBe(0);
      expect(stderr).toBe('');
    }
  });

  it('sends nothing of a file that is empty or no longer matches the profile: it goes to failed/ with a reason, and History says why', { timeout: 60_000 }, async () => {
    writeFileSync(join(fx.folder, 'empty.csv'), '');
    writeFileSync(join(fx.folder, 'changed.csv'), 'Full Name,Cell\r\nAnn,2125550124\r\n');
    const before = fx.processed.length;
    const run = await runTxp(['watch', fx.folder, '--profile', 'CRM', '--account', 'Local', '--settle-seconds', '0', '--once', '--password-stdin'], { env: fx.env, input: fx.sandbox.password });
    expect(run.status).toBe(3);
    expect(fx.processed).toHaveLength(before);
    expect(list(join(fx.folder, 'failed'))).toEqual(['changed.csv', 'changed.csv.reason.txt', 'empty.csv', 'empty.csv.reason.txt']);
    expect(readFileSync(join(fx.folder, 'failed', 'empty.csv.reason.txt'), 'utf8')).toBe('empty.csv is empty. Nothing was sent.\n');
    const reason = readFileSync(join(fx.folder, 'failed', 'changed.csv.reason.txt'), 'utf8');
    expect(reason).toMatch(/^changed\.csv no longer matches the field map of profile "CRM": .*Nothing was sent/);
    expect(reason.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toContain('Not sent: empty.csv: empty.csv is empty. Nothing was sent. Moved to the “failed” folder, with the reason beside it.');
    const failed = history().filter((h) => h.outcome === 'failed');
    expect(failed.map((h) => h.sourceFile).sort()).toEqual(['changed.csv', 'empty.csv']);
    // The next run finds nothing new: failed files are not tried again and again.
    const again = await runTxp(['watch', fx.folder, '--profile', 'CRM', '--account', 'Local', '--settle-seconds', '0', '--once', '--password-stdin'], { env: fx.env, input: fx.sandbox.password });
    expect(again.stdout).toBe('No new file to send.\n');
    expect(again.status).toBe(0);
  });

  it('never runs twice at once: while another live process holds the lock, a run does nothing; a lock left by a dead one is taken over', { timeout: 60_000 }, async () => {
    const folder = join(fx.folder, 'locked');
    mkdirSync(folder);
    writeFileSync(join(folder, 'contacts.csv'), exportText([1, 2]));
    const slug = `watch ${folder}`
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
    const lock = join(fx.config, 'automation-locks', `${slug}.lock`);
    mkdirSync(join(fx.config, 'automation-locks'), { recursive: true });
    writeFileSync(lock, String(process.pid)); // this test's own process: alive
    const args = ['watch', folder, '--profile', 'CRM', '--account', 'Local', '--settle-seconds', '0', '--once', '--password-stdin'];
    const held = await runTxp(args, { env: fx.env, input: fx.sandbox.password });
    expect(held.stdout).toBe(`An earlier run of "watch ${folder}" is still going: this one did nothing.\n`);
    expect(list(folder)).toEqual(['contacts.csv']);
    writeFileSync(lock, '2147483646'); // no such process
    const taken = await runTxp(args, { env: fx.env, input: fx.sandbox.password });
    expect(taken.status).toBe(0);
    expect(list(join(folder, 'sent'))).toEqual(['contacts.csv']);
    expect(existsSync(lock)).toBe(false);
  });

  it('leaves the file in place when the server cannot be reached, and sends it at the next run', { timeout: 90_000 }, async () => {
    const gone = await startSandbox({ dir: join(fx.config, 'gone-sandbox') });
    const login = ['--user', gone.user, '--host', gone.host, '--port', String(gone.port), '--keyword', 'DEMO'];
    expect((await runTxp(['account', 'add', 'Gone', ...login], { env: fx.env })).status).toBe(0);
    expect((await runTxp(['account', 'trust', 'Gone', '--fingerprint', gone.fingerprint], { env: fx.env })).status).toBe(0);
    const password = gone.password;
    await gone.close();
    const folder = join(fx.folder, 'later');
    mkdirSync(folder);
    writeFileSync(join(folder, 'contacts.csv'), exportText([1, 2]));
    const run = await runTxp(['watch', folder, '--profile', 'CRM', '--account', 'Gone', '--settle-seconds', '0', '--once', '--password-stdin'], { env: fx.env, input: password, timeoutMs: 80_000 });
    expect(run.status).toBe(4);
    expect(run.stdout).toMatch(/^Not sent: contacts\.csv: .*The file stays in the folder and is tried again at the next run\.\n$/);
    expect(list(folder)).toEqual(['contacts.csv']);
    expect(history().at(-1)).toMatchObject({ sourceFile: 'contacts.csv', outcome: 'failed', automation: `watch ${folder}` });
    const next = await runTxp(['watch', folder, '--profile', 'CRM', '--account', 'Local', '--settle-seconds', '0', '--once', '--password-stdin'], { env: fx.env, input: fx.sandbox.password });
    expect(next.status).toBe(0);
    expect(list(join(folder, 'sent'))).toEqual(['contacts.csv']);
  });
});
