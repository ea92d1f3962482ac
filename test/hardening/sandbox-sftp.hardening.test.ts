/**
 * Attacks on the sandbox's SFTP service (issue 14), against the real server (ssh2's, on
 * 127.0.0.1) with its real processor: paths and links that point outside its root, names with
 * line breaks, a disk-filling upload, many connections, password guessing, junk uploads. Each
 * is bounded in time; after each, a real login and upload still work. The figures go to
 * test-results/hardening-sftp.json; the README's hardening table quotes them.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ssh2, { type SFTPWrapper } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../main/sandbox/start-sandbox';
import { SANDBOX_SFTP_LIMITS } from '../../main/sandbox/sandbox-sftp-server';
import { SftpSession } from '../../main/sending/sftp-session';
import { uploadFile } from '../../main/sending/upload-file';
import { REPO_ROOT } from '../support/run-txp';
import { zipBomb } from '../support/zip-bombs';
import { withPeakMemory } from '../support/peak-memory';

const { Client } = ssh2;
const KiB = 1024;
/** The test's limits: the defaults' shape, with short times and small sizes. */
const LIMITS = { maxFileBytes: 256 * KiB, maxRootBytes: 768 * KiB, loginGraceMs: 5000, maxUnauthenticated: 16, freeFailures: 4, penaltyStepMs: 50, penaltyMaxMs: 200 };

const dir = mkdtempSync(join(tmpdir(), 'txp-sftp-attack-'));
const outside = join(dir, 'outside');
const local = join(dir, 'local');
let sandbox: Sandbox;
const figures: { case: string; seconds: number; peakMiB: number; outcome: string }[] = [];

beforeAll(async () => {
  mkdirSync(outside);
  mkdirSync(local);
  writeFileSync(join(outside, 'secret.txt'), 'outside the root');
  sandbox = await startSandbox({ dir: join(dir, 'sandbox'), sftpLimits: LIMITS });
});

afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(resolve(REPO_ROOT, 'test-results'), { recursive: true });
  writeFileSync(resolve(REPO_ROOT, 'test-results/hardening-sftp.json'), JSON.stringify(figures, null, 2) + '\n');
});

/** Runs one attack, records its time and outcome, then checks a real client still logs in and sends. */
async function attack(name: string, run: () => Promise<string>): Promise<void> {
  const started = performance.now();
  const { value: outcome, peakMiB } = await withPeakMemory(run);
  figures.push({ case: name, seconds: Math.round((performance.now() - started) / 100) / 10, peakMiB, outcome });
  expect(peakMiB, `${name}: the test process stays under 1 GB`).toBeLessThan(1024);
  writeFileSync(join(local, 'after.csv'), '+12125550188\r\n');
  const sent = await uploadFile({
    connect: (signal) => SftpSession.connect({ host: sandbox.host, port: sandbox.port, user: sandbox.user, password: sandbox.password, expectedFingerprint: sandbox.fingerprint, signal }),
    localPath: join(local, 'after.csv'),
    remoteDir: '/',
    remoteName: 'after.csv',
    manifest: { keyword: 'DEMO' },
  });
  expect(sent.attempts, `${name}: a real upload still works`).toBe(1);
}

/** An SFTP session on ssh2's own client, so that the server's answers are seen unchanged. */
async function withSftp<T>(work: (sftp: SFTPWrapper) => Promise<T>): Promise<T> {
  const client = new Client();
  const ready = new Promise<SFTPWrapper>((resolveReady, reject) => {
    client.on('ready', () => client.sftp((error, sftp) => (error ? reject(error) : resolveReady(sftp))));
    client.on('error', reject);
  });
  client.connect({ host: sandbox.host, port: sandbox.port, username: sandbox.user, password: sandbox.password, readyTimeout: 20_000 });
  try {
    return await work(await ready);
  } finally {
    client.end();
  }
}

/** What one SFTP call came to: 'ok', or the server's status message. */
function outcomeOf(call: (done: (error?: Error | null) => void) => void): Promise<string> {
  return new Promise((resolveCall) => call((error) => resolveCall(error ? error.message : 'ok')));
}

function writeAll(sftp: SFTPWrapper, path: string, data: Buffer, position = 0): Promise<string> {
  return new Promise((resolveWrite) => {
    sftp.open(path, 'w', (openError, handle) => {
      if (openError) return resolveWrite(openError.message);
      sftp.write(handle, data, 0, data.length, position, (writeError) => sftp.close(handle, () => resolveWrite(writeError ? writeError.message : 'ok')));
    });
  });
}

/** Waits, bounded, until `ready()` holds. */
async function until(ready: () => boolean | Promise<boolean>, limitMs: number, what: string): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${limitMs} ms`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
}

describe('the sandbox SFTP service under attack', () => {
  it('keeps every path inside its root: absolute, .., links planted inside that point out (dangling ones too), renames out', { timeout: 30_000 }, async () => {
    await attack('Paths and links out of the root', async () => {
      symlinkSync(join(outside, 'created-through-link.csv'), join(sandbox.root, 'dangling.csv'));
      symlinkSync(outside, join(sandbox.root, 'out-folder'));
      symlinkSync(join(outside, 'secret.txt'), join(sandbox.root, 'out-file'));
      const outcomes = await withSftp(async (sftp) => ({
        absolute: await outcomeOf((done) => sftp.stat('/etc/passwd', done)),
        climbing: await outcomeOf((done) => sftp.stat('/../../../../etc/passwd', done)),
        dangling: await writeAll(sftp, '/dangling.csv', Buffer.from('+12125550100\r\n')),
        throughFolder: await writeAll(sftp, '/out-folder/new.csv', Buffer.from('x')),
        readOut: await outcomeOf((done) => sftp.open('/out-file', 'r', done)),
        renameOut: await outcomeOf((done) => sftp.rename('/out-file', '/taken.txt', done)),
        renameInto: await (async () => {
          await writeAll(sftp, '/mine.csv', Buffer.from('x'));
          return outcomeOf((done) => sftp.rename('/mine.csv', '/out-folder/mine.csv', done));
        })(),
        mkdirOut: await outcomeOf((done) => sftp.mkdir('/out-folder/sub', done)),
        climbingName: await writeAll(sftp, '../../climbed.csv', Buffer.from('x')),
      }));
      expect(outcomes.absolute).toMatch(/No such file/);
      expect(outcomes.climbing).toMatch(/No such file/);
      for (const key of ['dangling', 'throughFolder', 'readOut', 'renameOut', 'renameInto', 'mkdirOut'] as const) expect(outcomes[key], key).toMatch(/Permission denied/);
      // "../../climbed.csv" is the root's own /climbed.csv.
      expect(outcomes.climbingName).toBe('ok');
      expect(existsSync(join(sandbox.root, 'climbed.csv')) || !existsSync(join(dir, 'climbed.csv'))).toBe(true);
      expect(readdirSync(outside).sort()).toEqual(['secret.txt']);
      // The processor leaves links alone too: it neither read through them nor removed them.
      for (const name of ['dangling.csv', 'out-folder', 'out-file']) expect(lstatSync(join(sandbox.root, name)).isSymbolicLink()).toBe(true);
      for (const name of ['dangling.csv', 'out-folder', 'out-file']) rmSync(join(sandbox.root, name));
      return 'refused ("permission denied"), or resolved inside the root; nothing written or read outside (a dangling link was followed out on create before)';
    });
  });

  it('takes no names with line breaks or other control characters', { timeout: 30_000 }, async () => {
    await attack('Names with line breaks, tabs, escapes', async () => {
      const outcomes = await withSftp(async (sftp) => [
        await writeAll(sftp, '/two\nlines.csv', Buffer.from('x')),
        await writeAll(sftp, '/carriage\r.csv', Buffer.from('x')),
        await writeAll(sftp, '/\u001b[31mred.csv', Buffer.from('x')),
        await outcomeOf((done) => sftp.mkdir('/tab\there', done)),
      ]);
      for (const outcome of outcomes) expect(outcome).toMatch(/no file names with line breaks/);
      // eslint-disable-next-line no-control-regex
      expect(readdirSync(sandbox.root).filter((name) => /[\u0000-\u001f]/.test(name))).toEqual([]);
      return 'refused with a reason: "The sandbox takes no file names with line breaks, tabs or other control characters."';
    });
  });

  it('bounds what an upload can fill: a file cap, a cap on the whole tree, no write far past the end', { timeout: 30_000 }, async () => {
    await attack('Disk filling: 512 KB into a 256 KB cap, a write at 1 TB, files until the 768 KB tree is full', async () => {
      const outcomes = await withSftp(async (sftp) => ({
        tooBig: await writeAll(sftp, '/big.csv', Buffer.alloc(512 * KiB, 0x31)),
        farOut: await writeAll(sftp, '/sparse.csv', Buffer.from('x'), 2 ** 40),
        fills: [
          await writeAll(sftp, '/fill-1.part', Buffer.alloc(255 * KiB)),
          await writeAll(sftp, '/fill-2.part', Buffer.alloc(255 * KiB)),
          await writeAll(sftp, '/fill-3.part', Buffer.alloc(255 * KiB)),
          await writeAll(sftp, '/fill-4.part', Buffer.alloc(255 * KiB)),
        ],
      }));
      expect(outcomes.tooBig).toMatch(/takes files up to 256 KB/);
      expect(outcomes.farOut).toMatch(/takes files up to 256 KB/);
      // The processor takes a completed upload away; uploads still under way (.part) it leaves, so they fill.
      expect(outcomes.fills.slice(0, 3)).toEqual(['ok', 'ok', 'ok']);
      expect(outcomes.fills[3]).toMatch(/sandbox is full/);
      for (const name of ['fill-1.part', 'fill-2.part', 'fill-3.part', 'fill-4.part']) rmSync(join(sandbox.root, name), { force: true });
      return 'refused with a reason ("takes files up to 256 KB", "the sandbox is full"): nothing grew past a cap (before, there was no cap: a write at any offset was taken)';
    });
  });

  it('closes connections that never log in, and lets a real client in while they are open', { timeout: 30_000 }, async () => {
    await attack(`300 connections that say nothing (cap ${LIMITS.maxUnauthenticated}, grace ${LIMITS.loginGraceMs / 1000} s)`, async () => {
      const sockets = await Promise.all(Array.from({ length: 300 }, () => openSocket()));
      const closed = sockets.map((socket) => new Promise<void>((resolveClosed) => socket.on('close', () => resolveClosed())));
      // A real client logs in while they are open.
      const session = await SftpSession.connect({ host: sandbox.host, port: sandbox.port, user: sandbox.user, password: sandbox.password, expectedFingerprint: sandbox.fingerprint });
      session.close();
      await bounded(Promise.all(closed), 10_000, 'the silent connections were not all closed');
      return `all 300 closed (beyond the cap at once, the rest after the grace time); a real login meanwhile worked (they were held open before)`;
    });
  });

  it('allows six tries at the password per connection and slows every guess after a few', { timeout: 60_000 }, async () => {
    await attack('Password guessing: 5 connections of up to 20 guesses each', async () => {
      const answers: number[] = [];
      const tries = [];
      for (let connection = 0; connection < 5; connection++) tries.push(await guess(20, answers));
      expect(tries).toEqual([6, 6, 6, 6, 6]);
      const penalized = answers.slice(LIMITS.freeFailures).map((at, i, all) => (i === 0 ? Infinity : at - all[i - 1]!));
      // A lower bound only: load makes the gaps longer, never shorter (half a step of leeway for delivery).
      expect(Math.min(...penalized)).toBeGreaterThanOrEqual(LIMITS.penaltyStepMs / 2);
      const started = performance.now();
      const session = await SftpSession.connect({ host: sandbox.host, port: sandbox.port, user: sandbox.user, password: sandbox.password, expectedFingerprint: sandbox.fingerprint });
      session.close();
      const loginMs = Math.round(performance.now() - started);
      return `6 tries per connection, then cut off (it was unlimited); after ${LIMITS.freeFailures} failures each wrong answer waits longer, up to ${LIMITS.penaltyMaxMs} ms (the app: ${SANDBOX_SFTP_LIMITS.penaltyMaxMs / 1000} s); the right password got in at once (${loginMs} ms)`;
    });
  });

  it('keeps processing after junk uploads: binary, empty, one endless line, a zip bomb as ALP, a broken manifest', { timeout: 60_000 }, async () => {
    await attack('Junk uploads, then a good one', async () => {
      const bomb = zipBomb();
      await withSftp(async (sftp) => {
        await writeAll(sftp, '/random.csv', Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 256)));
        await writeAll(sftp, '/empty.csv', Buffer.alloc(0));
        await writeAll(sftp, '/one-line.csv', Buffer.alloc(900_000, 0x39));
        await writeAll(sftp, '/broken.csv.job.json', Buffer.from('{"keyword": '));
        await writeAll(sftp, '/broken.csv', Buffer.from('+12125550190\r\n'));
        await writeAll(
          sftp,
          '/bomb.xlsx.job.json',
          Buffer.from(JSON.stringify({ keyword: 'DEMO', drop: 'alp', fieldMap: { sheet: null, headerRow: 0, phoneColumns: [{ column: 1, header: 'Phone' }], defaultCountry: 'US' } })),
        );
        await writeAll(sftp, '/bomb.xlsx', bomb);
      });
      await until(() => ['random.csv', 'empty.csv', 'one-line.csv', 'broken.csv', 'bomb.xlsx'].every((name) => !existsSync(join(sandbox.root, name))), 20_000, 'the junk was not processed');
      writeFileSync(join(local, 'good.csv'), '+12125550196\r\n');
      await uploadFile({
        connect: (signal) => SftpSession.connect({ host: sandbox.host, port: sandbox.port, user: sandbox.user, password: sandbox.password, expectedFingerprint: sandbox.fingerprint, signal }),
        localPath: join(local, 'good.csv'),
        remoteDir: '/',
        remoteName: 'good.csv',
        manifest: { keyword: 'JUNKTEST' },
      });
      await until(async () => (await sandbox.processor.statusOf('JUNKTEST', '+12125550196')).status === 'Single Opt-In', 20_000, 'the good upload was not processed');
      return `each taken and deleted (a malformed one answered as such); the good upload after them was processed`;
    });
  });
});

function openSocket(): Promise<Socket> {
  return new Promise((resolveSocket, reject) => {
    const socket = connect(sandbox.port, '127.0.0.1', () => resolveSocket(socket));
    socket.on('error', () => undefined);
    socket.resume(); // read, or the server's close is never seen
    socket.once('error', reject);
  });
}

async function bounded<T>(promise: Promise<T>, limitMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), limitMs)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** One connection that tries up to `max` wrong passwords; how many the server answered. Answer times go to `answers`. */
function guess(max: number, answers: number[]): Promise<number> {
  return new Promise((resolveGuess) => {
    const client = new Client();
    let tried = 0;
    let answered = 0;
    const finish = (): void => {
      client.end();
      resolveGuess(answered);
    };
    client.on('error', finish);
    client.on('close', finish);
    client.on('ready', () => finish());
    client.connect({
      host: sandbox.host,
      port: sandbox.port,
      username: sandbox.user,
      readyTimeout: 30_000,
      authHandler: (_methods, _partial, next) => {
        if (tried > 0) {
          answered++;
          answers.push(performance.now());
        }
        if (tried >= max) return next(false as never);
        tried++;
        next({ type: 'password', username: sandbox.user, password: `guess-${tried}` });
      },
    });
  });
}
