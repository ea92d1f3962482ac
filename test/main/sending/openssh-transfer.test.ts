/**
 * The transfer against a real OpenSSH server (Debian's sshd on 127.0.0.1, started and stopped
 * here): host-key pinning, the .part → rename protocol with its manifest, and the faults a
 * real line has: a connection cut half-way, a wrong password, a changed host key, a rename
 * the server refuses, a server that accepts TCP and then says nothing, a full disk (a 1 MB
 * tmpfs). The fault cases' figures go to test-results/hardening-transfer.json (issue 14); the
 * README's hardening table quotes them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchHostKey, SftpSession } from '../../../main/sending/sftp-session';
import { uploadFile } from '../../../main/sending/upload-file';
import { startFaultProxy } from '../../support/fault-proxy';
import { startOpensshServer, type OpensshServer } from '../../support/openssh-server';
import { REPO_ROOT } from '../../support/run-txp';
import { withPeakMemory } from '../../support/peak-memory';

let server: OpensshServer;
let fingerprint: string;
const local = mkdtempSync(join(tmpdir(), 'txp-upload-'));
const bigFile = join(local, 'upload.csv');
const bigData = randomBytes(4 * 1024 * 1024);

beforeAll(async () => {
  server = await startOpensshServer();
  fingerprint = (await fetchHostKey({ host: server.host, port: server.port })).fingerprint;
  writeFileSync(bigFile, bigData);
});

const figures: { case: string; seconds: number; peakMiB: number; outcome: string }[] = [];
afterAll(async () => {
  await server?.stop();
  rmSync(local, { recursive: true, force: true });
  mkdirSync(resolve(REPO_ROOT, 'test-results'), { recursive: true });
  writeFileSync(resolve(REPO_ROOT, 'test-results/hardening-transfer.json'), JSON.stringify(figures, null, 2) + '\n');
});

/** Runs a fault case and records how long it took, for the README's hardening table. */
async function fault(name: string, outcome: string, run: () => Promise<void>): Promise<void> {
  const started = performance.now();
  const { peakMiB } = await withPeakMemory(run);
  figures.push({ case: name, seconds: Math.round((performance.now() - started) / 100) / 10, peakMiB, outcome });
  expect(peakMiB, `${name}: the test process stays under 1 GB`).toBeLessThan(1024);
}

const uploadDir = () => join(server.home, 'upload');
const connectTo =
  (port: number, password = server.password, expected: string | null = fingerprint) =>
  (signal: AbortSignal) =>
    SftpSession.connect({ host: '127.0.0.1', port, user: server.user, password, expectedFingerprint: expected, signal, connectTimeoutMs: 5000 });

describe('host keys', () => {
  it('reports the fingerprint exactly as OpenSSH’s own ssh-keygen does', () => {
    const keygen = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(server.dir, 'host_key.pub')], { encoding: 'utf8' }).stdout;
    expect(keygen.split(' ')[1]).toBe(fingerprint);
  });

  it('refuses a changed host key before sending anything, with a clear explanation', async () => {
    await fault('A changed host key', 'refused before anything is sent, with both fingerprints and the command that trusts the new one', async () => {
      const before = readdirSync(uploadDir());
      const wrong = 'SHA256:' + 'A'.repeat(43);
      await expect(uploadFile({ connect: connectTo(server.port, server.password, wrong), localPath: bigFile, remoteDir: uploadDir(), remoteName: 'never.csv', manifest: null })).rejects.toMatchObject({
        code: 'HOST_KEY',
        message: expect.stringContaining(`it is now ${fingerprint}, but ${wrong} was trusted`),
      });
      expect(readdirSync(uploadDir())).toEqual(before);
    });
  });
});

describe('upload', () => {
  it('writes the manifest, then NAME.part, checks the size and renames it to NAME', async () => {
    const progress: number[] = [];
    const result = await uploadFile({
      connect: connectTo(server.port),
      localPath: bigFile,
      remoteDir: uploadDir(),
      remoteName: 'first.csv',
      manifest: { keyword: 'DEMO', sha256: createHash('sha256').update(bigData).digest('hex') },
      onProgress: (p) => progress.push(p.bytes),
    });
    expect(result).toMatchObject({ bytes: bigData.length, attempts: 1 });
    expect(readFileSync(join(uploadDir(), 'first.csv')).equals(bigData)).toBe(true);
    expect(JSON.parse(readFileSync(join(uploadDir(), 'first.csv.job.json'), 'utf8'))).toMatchObject({ keyword: 'DEMO' });
    expect(existsSync(join(uploadDir(), 'first.csv.part'))).toBe(false);
    expect(progress.at(-1)).toBe(bigData.length);
  });

  it('survives a connection cut half-way: retried, resumed, byte-identical, never partial under the final name', async () => {
    await fault('A connection cut at seven eighths of 4 MB', 'retried and resumed from what the server acknowledged; byte-identical; never partial under the final name', cutHalfWay);
  });

  async function cutHalfWay(): Promise<void> {
    const proxy = await startFaultProxy(server.port);
    try {
      // Cut at seven eighths. OpenSSH's channel window is 2 MiB, so by then the server has taken
      // at least 1.5 MiB off the line and acknowledged most of it. A cut inside the first window
      // may legitimately leave nothing acknowledged, and the upload then restarts from 0.
      proxy.cutAfter((bigData.length * 7) / 8);
      const finalPath = join(uploadDir(), 'cut.csv');
      const sawFinalDuringRetry: boolean[] = [];
      const result = await uploadFile({
        connect: connectTo(proxy.port),
        localPath: bigFile,
        remoteDir: uploadDir(),
        remoteName: 'cut.csv',
        manifest: null,
        // Long enough for the old sftp-server to finish writing what it read before the retry looks at the .part.
        backoffMs: 500,
        onRetry: () => sawFinalDuringRetry.push(existsSync(finalPath)),
      });
      expect(proxy.cuts).toBe(1);
      expect(result.attempts).toBe(2);
      expect(result.resumedFrom).toBeGreaterThan(0); // resumed from the .part, not sent again from 0
      expect(sawFinalDuringRetry).toEqual([false]);
      expect(readFileSync(finalPath).equals(bigData)).toBe(true);
      expect(existsSync(`${finalPath}.part`)).toBe(false);
    } finally {
      await proxy.close();
    }
  }

  it('cancels within a second and removes the .part', async () => {
    const large = join(local, 'large.csv');
    writeFileSync(large, Buffer.alloc(160 * 1024 * 1024, 0x31));
    const controller = new AbortController();
    let cancelledAt = 0;
    const upload = uploadFile({
      connect: connectTo(server.port),
      localPath: large,
      remoteDir: uploadDir(),
      remoteName: 'cancelled.csv',
      manifest: null,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.bytes > 8 * 1024 * 1024 && !cancelledAt) {
          cancelledAt = Date.now();
          controller.abort();
        }
      },
    });
    await expect(upload).rejects.toMatchObject({ code: 'CANCELED' });
    expect(cancelledAt).toBeGreaterThan(0);
    expect(Date.now() - cancelledAt).toBeLessThan(15_000); // a bound on a hang, not a speed claim
    expect(existsSync(join(uploadDir(), 'cancelled.csv'))).toBe(false);
    expect(existsSync(join(uploadDir(), 'cancelled.csv.part'))).toBe(false);
    rmSync(large);
  });

  it('logs in with a private key file and its passphrase', async () => {
    const key = join(local, 'id_ed25519');
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'key passphrase', '-f', key]);
    server.authorizeKey(`${key}.pub`);
    const result = await uploadFile({
      connect: (signal) =>
        SftpSession.connect({ host: '127.0.0.1', port: server.port, user: server.user, privateKey: readFileSync(key), passphrase: 'key passphrase', expectedFingerprint: fingerprint, signal }),
      localPath: bigFile,
      remoteDir: uploadDir(),
      remoteName: 'by-key.csv',
      manifest: null,
    });
    expect(result.attempts).toBe(1);
    expect(readFileSync(join(uploadDir(), 'by-key.csv')).equals(bigData)).toBe(true);
  });

  it('ends a wrong password with one clear AUTH error and no retries', async () => {
    let connects = 0;
    const started = Date.now();
    await expect(
      uploadFile({
        connect: (signal) => {
          connects++;
          return connectTo(server.port, 'not-the-password')(signal);
        },
        localPath: bigFile,
        remoteDir: uploadDir(),
        remoteName: 'denied.csv',
        manifest: null,
        backoffMs: 100,
      }),
    ).rejects.toMatchObject({ code: 'AUTH', message: expect.stringContaining(`refused the login for user "${server.user}"`) });
    expect(connects).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('reports an upload folder it may not write to, leaving nothing under the final name', async () => {
    await fault('An upload folder the account may not write to', '"permission denied", at once, not retried; nothing under the final name', async () => {
      await expect(uploadFile({ connect: connectTo(server.port), localPath: bigFile, remoteDir: '/etc', remoteName: 'nope.csv', manifest: null, backoffMs: 100 })).rejects.toMatchObject({
        code: 'TRANSFER',
        message: expect.stringContaining('permission denied'),
      });
      expect(existsSync('/etc/nope.csv')).toBe(false);
    });
  });

  it('on a full disk says so, leaves nothing on the server and does not retry', async () => {
    // A 1 MB tmpfs as the upload folder (mounting needs root, as these tests do anyway).
    const full = join(server.home, 'full');
    mkdirSync(full);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0777', 'tmpfs', full]);
    try {
      await fault(
        'A full disk on the server (a 1 MB tmpfs), 4 MB sent with a manifest',
        'one message: "stopped taking it after 1.0 MB: its disk is probably full…"; not retried; the .part and the manifest removed (they were left, and the message was "write …/full.csv.part failed: Failure.")',
        async () => {
          let retries = 0;
          await expect(
            uploadFile({ connect: connectTo(server.port), localPath: bigFile, remoteDir: full, remoteName: 'full.csv', manifest: { keyword: 'DEMO' }, backoffMs: 100, onRetry: () => retries++ }),
          ).rejects.toMatchObject({ code: 'TRANSFER', message: expect.stringMatching(/stopped taking full\.csv after 1\.0 MB: its disk is probably full, .* Nothing was left on the server\./) });
          expect(retries).toBe(0);
          expect(readdirSync(full)).toEqual([]);
        },
      );
    } finally {
      execFileSync('umount', [full]);
    }
  });

  it('reports a refused rename clearly, leaving nothing under the final name', async () => {
    await server.restart({ extraConfig: 'Subsystem sftp internal-sftp -P rename,posix-rename' });
    try {
      await fault('A server that refuses the rename (OpenSSH with rename and posix-rename blocked)', 'a TRANSFER error naming the rename; nothing under the final name', async () => {
        await expect(uploadFile({ connect: connectTo(server.port), localPath: bigFile, remoteDir: uploadDir(), remoteName: 'norename.csv', manifest: null, backoffMs: 100 })).rejects.toMatchObject({
          code: 'TRANSFER',
          message: expect.stringContaining('rename'),
        });
        expect(existsSync(join(uploadDir(), 'norename.csv'))).toBe(false);
      });
    } finally {
      await server.restart();
    }
  });

  it('times out on a server that accepts TCP but never answers', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const port = (silent.address() as { port: number }).port;
    const started = Date.now();
    try {
      await fault('A server that accepts TCP and never answers (the app waits 15 s; here 1.5 s)', '"did not complete the SSH handshake within 2 s", marked as worth retrying', async () => {
        await expect(SftpSession.connect({ host: '127.0.0.1', port, user: 'x', password: 'y', expectedFingerprint: fingerprint, connectTimeoutMs: 1500 })).rejects.toMatchObject({
          code: 'TRANSFER',
          message: expect.stringContaining('did not complete the SSH handshake within 2 s'),
        });
      });
      expect(Date.now() - started).toBeLessThan(15_000); // a bound on a hang: the message says which timeout fired
    } finally {
      silent.close();
    }
  });
});
