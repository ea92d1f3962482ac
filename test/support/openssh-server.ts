/**
 * A real OpenSSH server for the transfer tests: Debian's sshd, started on 127.0.0.1 at a free
 * port with its own config and host key, for a test user of its own (random name and
 * password; test files run in parallel) whose home holds the upload and results folders.
 * Needs root (as CI runs) to create the user and let sshd check passwords. stop() ends sshd
 * and deletes the user.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { requireSystemParts } from './system-parts';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';

export interface OpensshServer {
  host: string;
  port: number;
  user: string;
  password: string;
  home: string;
  dir: string;
  /** Lets the test user log in with this public key file. */
  authorizeKey(publicKeyPath: string): void;
  /** Starts sshd again on the same port (after stop), optionally with another host key. */
  restart(options?: { newHostKey?: boolean; extraConfig?: string }): Promise<void>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function run(command: string, args: string[], input?: string): void {
  const result = spawnSync(command, args, { input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.error?.message}`);
}

function createUser(user: string, password: string): { home: string; uid: number; gid: number } {
  run('useradd', ['--create-home', '--shell', '/bin/sh', user]);
  run('chpasswd', [], `${user}:${password}\n`);
  const uid = Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
  return { home: `/home/${user}`, uid, gid };
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve();
      });
      socket.on('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`sshd did not listen on ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export async function startOpensshServer(options: { extraConfig?: string } = {}): Promise<OpensshServer> {
  if (process.getuid?.() !== 0) throw new Error('The OpenSSH test server needs root (to create its test user); CI runs as root.');
  const password = randomBytes(12).toString('base64url');
  await requireSystemParts('openssh-server', 'openssh-client');
  const user = `txptest${randomBytes(4).toString('hex')}`;
  const { home, uid, gid } = createUser(user, password);
  for (const folder of ['upload', 'results']) {
    mkdirSync(join(home, folder), { recursive: true });
    chownSync(join(home, folder), uid, gid);
  }
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'txp-sshd-'));
  chmodSync(dir, 0o700);
  const port = await freePort();
  let child: ChildProcess | null = null;

  const newKey = (): void => {
    rmSync(join(dir, 'host_key'), { force: true });
    rmSync(join(dir, 'host_key.pub'), { force: true });
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  };
  const start = async (extraConfig = options.extraConfig ?? ''): Promise<void> => {
    writeFileSync(
      join(dir, 'sshd_config'),
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(dir, 'host_key')}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AllowUsers ${user}`,
        'PasswordAuthentication yes',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'UsePAM no',
        'PermitRootLogin no',
        'StrictModes no',
        'MaxStartups 50',
        'LogLevel ERROR',
        extraConfig || 'Subsystem sftp internal-sftp',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    child = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.setEncoding('utf8').on('data', () => undefined);
    await waitForPort(port, 10_000);
  };
  const stop = async (): Promise<void> => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
      setTimeout(() => running.kill('SIGKILL'), 3000).unref();
    });
  };
  newKey();
  await start();
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    home,
    dir,
    authorizeKey: (publicKeyPath) => {
      const sshDir = join(home, '.ssh');
      run('install', ['-d', '-m', '700', '-o', user, sshDir]);
      writeFileSync(join(sshDir, 'authorized_keys'), readFileSync(publicKeyPath));
      chownSync(join(sshDir, 'authorized_keys'), uid, gid);
    },
    restart: async (restartOptions = {}) => {
      await stop();
      if (restartOptions.newHostKey) newKey();
      await start(restartOptions.extraConfig);
    },
    stop: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
      spawnSync('userdel', ['--remove', user], { stdio: 'ignore' });
    },
  };
}
