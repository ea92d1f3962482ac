/**
 * Upload benchmark: 100 MB to a loopback OpenSSH server (started here, as in the tests),
 * once with this project's whole send path (connect, manifest, .part upload, size check,
 * rename) and once with OpenSSH's own `sftp -b` put, both with the same key. Needs root (the
 * server's test user). Prints one JSON line per run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchHostKey, SftpSession } from '../../main/sending/sftp-session';
import { uploadFile } from '../../main/sending/upload-file';
import { startOpensshServer } from '../support/openssh-server';

const SIZE = 100 * 1024 * 1024;
const server = await startOpensshServer();
const work = mkdtempSync(join(tmpdir(), 'txp-upload-bench-'));
try {
  const file = join(work, 'payload.csv');
  writeFileSync(file, Buffer.alloc(SIZE, 0x35));
  const key = join(work, 'id_ed25519');
  spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  server.authorizeKey(`${key}.pub`);
  const { fingerprint } = await fetchHostKey({ host: server.host, port: server.port });
  const privateKey = readFileSync(key);
  const uploadDir = join(server.home, 'upload');

  for (let round = 0; round < 5; round++) {
    let started = performance.now();
    const probe = await SftpSession.connect({ host: server.host, port: server.port, user: server.user, privateKey, expectedFingerprint: fingerprint });
    const connectSeconds = (performance.now() - started) / 1000;
    probe.close();
    started = performance.now();
    await uploadFile({
      connect: (signal) => SftpSession.connect({ host: server.host, port: server.port, user: server.user, privateKey, expectedFingerprint: fingerprint, signal }),
      localPath: file,
      remoteDir: uploadDir,
      remoteName: `ours-${round}.csv`,
      manifest: { kind: 'benchmark' },
    });
    const ours = (performance.now() - started) / 1000;
    writeFileSync(join(work, 'batch'), `put ${file} ${uploadDir}/openssh-${round}.csv\n`);
    started = performance.now();
    const sftp = spawnSync(
      'sftp',
      ['-q', '-b', join(work, 'batch'), '-i', key, '-P', String(server.port), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', `${server.user}@${server.host}`],
      { encoding: 'utf8' },
    );
    const theirs = (performance.now() - started) / 1000;
    if (sftp.status !== 0) throw new Error(`sftp failed: ${sftp.stderr}`);
    console.log(JSON.stringify({ round, bytes: SIZE, connectSeconds, oursSeconds: ours, opensshSeconds: theirs }));
  }
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
