/**
 * The sandbox's SFTP service (ssh2's server, started here on 127.0.0.1) against real clients:
 * OpenSSH's own `sftp`, and this project's transfer, unchanged. Paths cannot leave its root.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxSftpServer, type SandboxSftpServer } from '../../../main/sandbox/sandbox-sftp-server';
import { SftpSession } from '../../../main/sending/sftp-session';
import { uploadFile } from '../../../main/sending/upload-file';

let sandbox: SandboxSftpServer;
const dir = mkdtempSync(join(tmpdir(), 'txp-sandbox-'));
const local = mkdtempSync(join(tmpdir(), 'txp-sandbox-client-'));

beforeAll(async () => {
  sandbox = await startSandboxSftpServer({ dir: join(dir, 'sandbox') });
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(local, { recursive: true, force: true });
});

/**
 * OpenSSH's sftp with the password given through SSH_ASKPASS (no terminal needed). Spawned
 * asynchronously: the sandbox runs in this very process and must keep answering.
 */
function opensshSftp(commands: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const askpass = join(local, 'askpass.sh');
  writeFileSync(askpass, `#!/bin/sh\nprintf '%s\\n' '${sandbox.password}'\n`);
  chmodSync(askpass, 0o700);
  const child = spawn(
    'sftp',
    [
      '-q',
      '-P',
      String(sandbox.port),
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'PubkeyAuthentication=no',
      '-o',
      'PreferredAuthentications=password',
      `${sandbox.user}@127.0.0.1`,
    ],
    { env: { ...process.env, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' }, cwd: local, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(commands.join('\n') + '\n');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

describe('sandbox SFTP service', () => {
  it('listens on 127.0.0.1 with a generated host key that it keeps', async () => {
    expect(sandbox.host).toBe('127.0.0.1');
    expect(sandbox.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    const again = await startSandboxSftpServer({ dir: join(dir, 'sandbox') });
    try {
      expect(again.fingerprint).toBe(sandbox.fingerprint);
      expect(again.password).not.toBe(sandbox.password);
    } finally {
      await again.close();
    }
  });

  it('serves OpenSSH’s own sftp client: put, ls, rename, mkdir, get, rm', async () => {
    writeFileSync(join(local, 'hello.csv'), '+12125550125,VIP\r\n');
    const run = await opensshSftp(['put hello.csv /hello.csv', 'rename /hello.csv /renamed.csv', 'mkdir /sub', 'ls -1 /', 'get /renamed.csv copy.csv', 'rm /renamed.csv', 'bye']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('renamed.csv');
    expect(run.stdout).toContain('results');
    expect(readFileSync(join(local, 'copy.csv'), 'utf8')).toBe('+12125550125,VIP\r\n');
    expect(existsSync(join(sandbox.root, 'renamed.csv'))).toBe(false);
    expect(existsSync(join(sandbox.root, 'sub'))).toBe(true);
  });

  it('takes this project’s transfer unchanged: manifest, .part, size check, rename', async () => {
    const data = Buffer.alloc(3 * 1024 * 1024, 0x37);
    writeFileSync(join(local, 'big.csv'), data);
    const result = await uploadFile({
      connect: (signal) => SftpSession.connect({ host: sandbox.host, port: sandbox.port, user: sandbox.user, password: sandbox.password, expectedFingerprint: sandbox.fingerprint, signal }),
      localPath: join(local, 'big.csv'),
      remoteDir: '/',
      remoteName: 'drop.csv',
      manifest: { keyword: 'DEMO' },
    });
    expect(result.attempts).toBe(1);
    expect(readFileSync(join(sandbox.root, 'drop.csv')).equals(data)).toBe(true);
    expect(existsSync(join(sandbox.root, 'drop.csv.part'))).toBe(false);
    expect(JSON.parse(readFileSync(join(sandbox.root, 'drop.csv.job.json'), 'utf8'))).toEqual({ keyword: 'DEMO' });
  });

  it('keeps every path inside its root: .. and symbolic links cannot escape', async () => {
    symlinkSync('/etc', join(sandbox.root, 'escape'));
    const session = await SftpSession.connect({ host: sandbox.host, port: sandbox.port, user: sandbox.user, password: sandbox.password, expectedFingerprint: sandbox.fingerprint });
    try {
      // ".." is resolved inside the root: /../../etc/passwd is the root's own (absent) /etc/passwd.
      expect(await session.stat('/../../etc/passwd')).toBeNull();
      await expect(session.stat('/escape/passwd')).rejects.toMatchObject({ message: expect.stringContaining('permission denied') });
      await expect(session.op('open', (done) => session.sftp.open('/escape/evil', 'w', done))).rejects.toMatchObject({ message: expect.stringContaining('permission denied') });
    } finally {
      session.close();
    }
    const run = await opensshSftp(['get ../../../etc/passwd stolen', 'bye']);
    expect(existsSync(join(local, 'stolen'))).toBe(false);
    expect(run.stderr).toMatch(/not found|No such file/);
  });

  it('refuses a wrong password', async () => {
    await expect(SftpSession.connect({ host: sandbox.host, port: sandbox.port, user: sandbox.user, password: 'wrong', expectedFingerprint: sandbox.fingerprint })).rejects.toMatchObject({
      code: 'AUTH',
    });
  });
});
