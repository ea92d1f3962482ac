/**
 * The sandbox's SFTP service (DESIGN.md §4), on ssh2's server: 127.0.0.1 only, a host key
 * generated once and kept in its folder, one user with a password generated per start (or
 * given). It serves one private directory tree (the account's root: uploads at "/", results
 * in "/results") with enough of SFTP v3 for real clients, OpenSSH's `sftp` included. Paths
 * cannot leave the root: `..` is resolved first, and symbolic links are followed only when
 * they stay inside. Its limits (SANDBOX_SFTP_LIMITS) follow OpenSSH's where it has one: a
 * login grace time, a cap on connections that have not logged in, six tries at the password
 * per connection and a growing wait after repeated failures; files and the whole tree have a
 * size cap, and names may not hold control characters.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { constants, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { lstat, mkdir, open, readdir, realpath, rename, rmdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join, posix, sep } from 'node:path';
import ssh2, { type Connection, type SFTPWrapper } from 'ssh2';
import { hostKeyAlgorithm, hostKeyFingerprint } from '../sending/host-key';

const { Server, utils } = ssh2;
const { OPEN_MODE, STATUS_CODE } = utils.sftp;

export interface SandboxSftpOptions {
  /** The sandbox's folder: host key, and the served tree in `root/`. */
  dir: string;
  port?: number;
  user?: string;
  password?: string;
  /** Tighter or looser limits than SANDBOX_SFTP_LIMITS (the tests use short times). */
  limits?: Partial<SandboxSftpLimits>;
}

export interface SandboxSftpLimits {
  /** The largest file the sandbox keeps. */
  maxFileBytes: number;
  /** The most the whole served tree holds. */
  maxRootBytes: number;
  /** How long a connection may take to log in (OpenSSH's LoginGraceTime). */
  loginGraceMs: number;
  /** Connections not logged in at once; a new one pushes out the oldest (OpenSSH's MaxStartups). */
  maxUnauthenticated: number;
  /** Tries at the password on one connection (OpenSSH's MaxAuthTries). */
  maxAuthTries: number;
  /** Failed tries within a minute that are answered at once (OpenSSH's PerSourcePenalties). */
  freeFailures: number;
  /** After those, each further failure is answered this much later than the one before... */
  penaltyStepMs: number;
  /** ...up to this much. All clients come from 127.0.0.1, so the wait is shared. */
  penaltyMaxMs: number;
  /** Open files and folders on one SFTP session. */
  maxHandles: number;
}

/** The sandbox's limits (ours: TextPower documents no file-size limit). */
export const SANDBOX_SFTP_LIMITS: SandboxSftpLimits = {
  maxFileBytes: 256 * 1024 * 1024,
  maxRootBytes: 1024 * 1024 * 1024,
  loginGraceMs: 30_000,
  maxUnauthenticated: 32,
  maxAuthTries: 6,
  freeFailures: 10,
  penaltyStepMs: 250,
  penaltyMaxMs: 3000,
  maxHandles: 64,
};

export interface SandboxSftpServer {
  host: '127.0.0.1';
  port: number;
  user: string;
  password: string;
  fingerprint: string;
  algorithm: string;
  /** The served tree on disk. */
  root: string;
  close(): Promise<void>;
}

type Handle = { kind: 'file'; file: FileHandle; path: string; maxBytes: number } | { kind: 'dir'; path: string; done: boolean };

class PathOutsideRoot extends Error {}
/** A request the sandbox turns down with a reason the client is shown. */
class Refused extends Error {}

/** One TCP connection, from accept to close. */
interface Connected {
  socket: Socket;
  loggedIn: boolean;
  failures: number;
  grace: NodeJS.Timeout;
}

export async function startSandboxSftpServer(options: SandboxSftpOptions): Promise<SandboxSftpServer> {
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  await mkdir(join(options.dir, 'root'), { recursive: true });
  const root = await realpath(join(options.dir, 'root'));
  await mkdir(join(root, 'results'), { recursive: true });
  const keyPath = join(options.dir, 'host_key');
  if (!existsSync(keyPath)) writeFileSync(keyPath, generateHostKey(), { mode: 0o600 });
  const hostKey = readFileSync(keyPath);
  const parsedKey = utils.parseKey(hostKey);
  if (parsedKey instanceof Error) throw parsedKey;
  const publicBlob = (Array.isArray(parsedKey) ? parsedKey[0] : parsedKey).getPublicSSH();
  const user = options.user ?? 'sandbox';
  const password = options.password ?? randomBytes(12).toString('base64url');
  const limits = { ...SANDBOX_SFTP_LIMITS, ...options.limits };
  const connections = new Set<Connection>();
  // Every TCP connection is seen here first, before it says anything: ssh2 hears of one only
  // once it has sent its SSH banner, and a client that never does would be held forever.
  const byPort = new Map<number, Connected>();
  const waiting = new Set<Connected>();
  const penalty = new GuessingPenalty(limits);

  const ssh = new Server({ hostKeys: [hostKey] }, (client, info) => {
    const connected = byPort.get(info.port);
    connections.add(client);
    client.on('close', () => connections.delete(client));
    client.on('error', () => client.end());
    client.on('authentication', (context) => {
      if (!connected) return context.reject();
      if (context.method === 'password' && same(context.username, user) && same(context.password, password)) {
        connected.loggedIn = true;
        clearTimeout(connected.grace);
        waiting.delete(connected);
        return context.accept();
      }
      // "none" is how a client asks which methods there are; it is no guess.
      if (context.method === 'none') return context.reject(['password']);
      connected.failures++;
      setTimeout(() => {
        if (connected.failures < limits.maxAuthTries) return context.reject(['password']);
        context.reject();
        client.end();
        setTimeout(() => connected.socket.destroy(), 500).unref();
      }, penalty.waitAfterFailure()).unref();
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('sftp', (acceptSftp) => serveSftp(acceptSftp(), root, limits));
      });
    });
  });

  const server = createServer((socket) => {
    // SFTP asks and waits for each answer: Nagle's algorithm would hold every small answer back.
    socket.setNoDelay(true);
    const connected: Connected = { socket, loggedIn: false, failures: 0, grace: setTimeout(() => socket.destroy(), limits.loginGraceMs) };
    const port = socket.remotePort ?? -1;
    byPort.set(port, connected);
    waiting.add(connected);
    socket.once('close', () => {
      clearTimeout(connected.grace);
      waiting.delete(connected);
      if (byPort.get(port) === connected) byPort.delete(port);
    });
    if (waiting.size > limits.maxUnauthenticated) {
      const oldest = waiting.values().next().value as Connected;
      waiting.delete(oldest);
      oldest.socket.destroy();
    }
    ssh.injectSocket(socket);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  return {
    host: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    user,
    password,
    fingerprint: hostKeyFingerprint(publicBlob),
    algorithm: hostKeyAlgorithm(publicBlob),
    root,
    close: async () => {
      for (const connection of connections) connection.end();
      for (const connected of byPort.values()) if (!connected.loggedIn) connected.socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The wait before a wrong password is answered. The first `freeFailures` within a minute are
 * answered at once; each one after that `penaltyStepMs` later than the one before, up to
 * `penaltyMaxMs`, and never two such answers closer than that: the guesses of all connections
 * together are slowed, not only those of one.
 */
class GuessingPenalty {
  private failures: number[] = [];
  private nextAnswer = 0;

  constructor(private readonly limits: SandboxSftpLimits) {}

  waitAfterFailure(now = Date.now()): number {
    this.failures = this.failures.filter((at) => now - at < 60_000);
    this.failures.push(now);
    const over = this.failures.length - this.limits.freeFailures;
    if (over <= 0) return 0;
    this.nextAnswer = Math.max(now, this.nextAnswer) + Math.min(this.limits.penaltyMaxMs, this.limits.penaltyStepMs * over);
    return this.nextAnswer - now;
  }
}

/**
 * A client path ("/upload.csv", "results/x", "../../etc") as a path on disk inside `root`.
 * `creating` is set where the path may name something new (a file opened to be created, a
 * folder, a rename's target): such names may not hold control characters.
 */
async function resolveInside(root: string, clientPath: string, mustExist: boolean, creating = false): Promise<string> {
  if (clientPath.includes('\0')) throw new PathOutsideRoot();
  // eslint-disable-next-line no-control-regex
  if (creating && /[\u0000-\u001f\u007f]/.test(clientPath)) throw new Refused('The sandbox takes no file names with line breaks, tabs or other control characters.');
  const normalized = posix.normalize(posix.join('/', clientPath));
  const local = join(root, ...normalized.split('/').filter(Boolean));
  // Follow symbolic links for what exists (the entry, else its folder) and check where they
  // lead. A link that leads nowhere is refused: creating through it would create wherever it
  // points, outside the root as likely as not.
  const entry = await lstat(local).catch(() => null);
  const probe = mustExist || entry ? local : join(local, '..');
  const real = await realpath(probe).catch(() => null);
  if (entry?.isSymbolicLink() && real === null) throw new PathOutsideRoot();
  if (real !== null && real !== root && !real.startsWith(root + sep)) throw new PathOutsideRoot();
  return local;
}

/** The bytes the regular files under `folder` hold (links are not followed). */
async function bytesUnder(folder: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    const info = await lstat(join(folder, name)).catch(() => null);
    if (info?.isDirectory()) total += await bytesUnder(join(folder, name));
    else if (info?.isFile()) total += info.size;
  }
  return total;
}

function sizeWords(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${Math.round(bytes / 1024 ** 3)} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}

function clientPathOf(root: string, local: string): string {
  const relative = local.slice(root.length).split(sep).filter(Boolean).join('/');
  return '/' + relative;
}

function attrsOf(info: { mode: number; uid: number; gid: number; size: number; atimeMs: number; mtimeMs: number }) {
  return { mode: info.mode, uid: info.uid, gid: info.gid, size: info.size, atime: Math.floor(info.atimeMs / 1000), mtime: Math.floor(info.mtimeMs / 1000) };
}

function longName(name: string, info: { mode: number; size: number; mtimeMs: number; isDirectory(): boolean }): string {
  const kind = info.isDirectory() ? 'd' : '-';
  const bits = (info.mode & 0o777).toString(8).padStart(3, '0');
  const rwx = [...bits].map((d) => ['---', '--x', '-w-', '-wx', 'r--', 'r-x', 'rw-', 'rwx'][Number(d)]).join('');
  const date = new Date(info.mtimeMs).toISOString().slice(0, 16).replace('T', ' ');
  return `${kind}${rwx} 1 sandbox sandbox ${String(info.size).padStart(10)} ${date} ${name}`;
}

function statusFor(error: unknown): number {
  if (error instanceof PathOutsideRoot) return STATUS_CODE.PERMISSION_DENIED;
  if (error instanceof Refused) return STATUS_CODE.FAILURE;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return STATUS_CODE.NO_SUCH_FILE;
  if (code === 'EACCES' || code === 'EPERM') return STATUS_CODE.PERMISSION_DENIED;
  return STATUS_CODE.FAILURE;
}

function serveSftp(sftp: SFTPWrapper, root: string, limits: SandboxSftpLimits): void {
  const handles = new Map<number, Handle>();
  let nextHandle = 1;
  const roomForHandle = (): void => {
    if (handles.size >= limits.maxHandles) throw new Refused(`The sandbox keeps at most ${limits.maxHandles} files and folders open at once; close some first.`);
  };
  const newHandle = (handle: Handle): Buffer => {
    const id = nextHandle++;
    handles.set(id, handle);
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32BE(id, 0);
    return buffer;
  };
  const handleOf = (buffer: Buffer): [number, Handle | undefined] => {
    const id = buffer.length === 4 ? buffer.readUInt32BE(0) : -1;
    return [id, handles.get(id)];
  };
  /** Runs an operation and answers with its status; failures map to SFTP status codes. */
  const run = (reqId: number, work: () => Promise<void | 'answered'>): void => {
    work().then(
      (answered) => {
        if (answered !== 'answered') sftp.status(reqId, STATUS_CODE.OK);
      },
      (error: unknown) => (error instanceof Refused ? sftp.status(reqId, STATUS_CODE.FAILURE, error.message) : sftp.status(reqId, statusFor(error))),
    );
  };

  sftp.on('OPEN', (reqId, filename, flags) => {
    run(reqId, async () => {
      roomForHandle();
      const local = await resolveInside(root, filename, !(flags & OPEN_MODE.CREAT), Boolean(flags & OPEN_MODE.CREAT));
      let mode = constants.O_RDONLY;
      if (flags & OPEN_MODE.WRITE) mode = flags & OPEN_MODE.READ ? constants.O_RDWR : constants.O_WRONLY;
      if (flags & OPEN_MODE.CREAT) mode |= constants.O_CREAT;
      if (flags & OPEN_MODE.TRUNC) mode |= constants.O_TRUNC;
      if (flags & OPEN_MODE.EXCL) mode |= constants.O_EXCL;
      if (flags & OPEN_MODE.APPEND) mode |= constants.O_APPEND;
      // What this file may grow to: the file cap, and what the tree has room for besides it.
      let maxBytes = limits.maxFileBytes;
      if (flags & OPEN_MODE.WRITE) {
        const own = (await lstat(local).catch(() => null))?.size ?? 0;
        maxBytes = Math.min(maxBytes, limits.maxRootBytes - ((await bytesUnder(root)) - own));
      }
      const file = await open(local, mode, 0o600);
      sftp.handle(reqId, newHandle({ kind: 'file', file, path: local, maxBytes }));
      return 'answered';
    });
  });
  sftp.on('READ', (reqId, buffer, offset, length) => {
    const [, handle] = handleOf(buffer);
    if (handle?.kind !== 'file') return sftp.status(reqId, STATUS_CODE.FAILURE);
    run(reqId, async () => {
      const data = Buffer.alloc(Math.min(length, 256 * 1024));
      const { bytesRead } = await handle.file.read(data, 0, data.length, offset);
      if (bytesRead === 0) sftp.status(reqId, STATUS_CODE.EOF);
      else sftp.data(reqId, data.subarray(0, bytesRead));
      return 'answered';
    });
  });
  sftp.on('WRITE', (reqId, buffer, offset, data) => {
    const [, handle] = handleOf(buffer);
    if (handle?.kind !== 'file') return sftp.status(reqId, STATUS_CODE.FAILURE);
    run(reqId, async () => {
      // Checked before writing, so no write (nor one far past the end) makes a file over the cap.
      if (offset + data.length > handle.maxBytes) {
        throw new Refused(
          handle.maxBytes < limits.maxFileBytes
            ? `The sandbox is full (it holds up to ${sizeWords(limits.maxRootBytes)}); remove files from it first.`
            : `The sandbox takes files up to ${sizeWords(limits.maxFileBytes)}.`,
        );
      }
      await handle.file.write(data, 0, data.length, offset);
    });
  });
  sftp.on('FSTAT', (reqId, buffer) => {
    const [, handle] = handleOf(buffer);
    if (!handle) return sftp.status(reqId, STATUS_CODE.FAILURE);
    run(reqId, async () => {
      sftp.attrs(reqId, attrsOf(handle.kind === 'file' ? await handle.file.stat() : await stat(handle.path)));
      return 'answered';
    });
  });
  sftp.on('FSETSTAT', (reqId) => sftp.status(reqId, STATUS_CODE.OK));
  sftp.on('SETSTAT', (reqId, path) => run(reqId, async () => void (await stat(await resolveInside(root, path, true)))));
  sftp.on('CLOSE', (reqId, buffer) => {
    const [id, handle] = handleOf(buffer);
    if (!handle) return sftp.status(reqId, STATUS_CODE.FAILURE);
    handles.delete(id);
    run(reqId, async () => {
      if (handle.kind === 'file') await handle.file.close();
    });
  });
  sftp.on('OPENDIR', (reqId, path) => {
    run(reqId, async () => {
      roomForHandle();
      const local = await resolveInside(root, path, true);
      if (!(await stat(local)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      sftp.handle(reqId, newHandle({ kind: 'dir', path: local, done: false }));
      return 'answered';
    });
  });
  sftp.on('READDIR', (reqId, buffer) => {
    const [, handle] = handleOf(buffer);
    if (handle?.kind !== 'dir') return sftp.status(reqId, STATUS_CODE.FAILURE);
    if (handle.done) return sftp.status(reqId, STATUS_CODE.EOF);
    handle.done = true;
    run(reqId, async () => {
      const names = await readdir(handle.path);
      const entries = [];
      for (const name of ['.', '..', ...names]) {
        const info = await lstat(join(handle.path, name)).catch(() => null);
        if (info) entries.push({ filename: name, longname: longName(name, info), attrs: attrsOf(info) });
      }
      sftp.name(reqId, entries);
      return 'answered';
    });
  });
  const statHandler = (follow: boolean) => (reqId: number, path: string) =>
    run(reqId, async () => {
      const local = await resolveInside(root, path, true);
      sftp.attrs(reqId, attrsOf(follow ? await stat(local) : await lstat(local)));
      return 'answered';
    });
  sftp.on('STAT', statHandler(true));
  sftp.on('LSTAT', statHandler(false));
  sftp.on('REMOVE', (reqId, path) => run(reqId, async () => unlink(await resolveInside(root, path, true))));
  sftp.on('RMDIR', (reqId, path) => run(reqId, async () => rmdir(await resolveInside(root, path, true))));
  sftp.on('MKDIR', (reqId, path) => run(reqId, async () => void (await mkdir(await resolveInside(root, path, false, true)))));
  // SFTP v3 RENAME does not replace an existing file (draft-ietf-secsh-filexfer-02 §6.5).
  sftp.on('RENAME', (reqId, from, to) =>
    run(reqId, async () => {
      const source = await resolveInside(root, from, true);
      const target = await resolveInside(root, to, false, true);
      if (existsSync(target)) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
      await rename(source, target);
    }),
  );
  // posix-rename@openssh.com replaces the target atomically. (ssh2's server cannot advertise
  // extensions in its VERSION packet, so clients that check first will use RENAME.)
  sftp.on('EXTENDED', (reqId, name, data) => {
    if (name !== 'posix-rename@openssh.com' || !data) return sftp.status(reqId, STATUS_CODE.OP_UNSUPPORTED);
    const fromLength = data.readUInt32BE(0);
    const from = data.toString('utf8', 4, 4 + fromLength);
    const to = data.toString('utf8', 8 + fromLength, 8 + fromLength + data.readUInt32BE(4 + fromLength));
    run(reqId, async () => rename(await resolveInside(root, from, true), await resolveInside(root, to, false, true)));
  });
  sftp.on('REALPATH', (reqId, path) => {
    run(reqId, async () => {
      const local = await resolveInside(root, path, false);
      const clientPath = clientPathOf(root, local);
      sftp.name(reqId, [{ filename: clientPath, longname: clientPath, attrs: {} as never }]);
      return 'answered';
    });
  });
  sftp.on('READLINK', (reqId) => sftp.status(reqId, STATUS_CODE.OP_UNSUPPORTED));
  sftp.on('SYMLINK', (reqId) => sftp.status(reqId, STATUS_CODE.OP_UNSUPPORTED));
  // When the client is done (its `bye`), end our side too, or it waits for us.
  sftp.on('end', () => sftp.end());
  sftp.on('close', () => {
    for (const handle of handles.values()) if (handle.kind === 'file') void handle.file.close().catch(() => undefined);
    handles.clear();
  });
}

/**
 * A new ed25519 host key in OpenSSH format. ssh2 1.17's generator drops a leading zero byte of
 * the public key, so about one key in 256 cannot be read back (mscdex/ssh2#1390, #1513): a key
 * is kept only once ssh2 parses it, public half included.
 */
export function generateHostKey(): string {
  for (let attempt = 0; attempt < 32; attempt++) {
    const pair = utils.generateKeyPairSync('ed25519');
    if (!(utils.parseKey(pair.private) instanceof Error) && !(utils.parseKey(pair.public) instanceof Error)) return pair.private;
  }
  throw new Error('Could not generate a usable ed25519 host key.');
}
