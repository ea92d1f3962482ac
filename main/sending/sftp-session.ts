/**
 * One SSH connection with its SFTP channel, on ssh2's client. The host key is always
 * checked (ssh2 accepts any key when no verifier is set): against the pinned fingerprint, and
 * nothing is sent before it matches. Timeouts cover connecting, the handshake and each
 * operation; keepalives detect a dead peer; Nagle's algorithm is off, without which each SFTP
 * write waits for the previous acknowledgement (measured: 57 s instead of 1.8 s for 100 MB).
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { readFile } from 'node:fs/promises';
import { Client, type SFTPWrapper, type Stats } from 'ssh2';
import type { Account } from '../../shared/accounts/account';
import { TxpError } from '../../shared/txp-error';
import { hostKeyAlgorithm, hostKeyFingerprint } from './host-key';

export interface ConnectOptions {
  host: string;
  port: number;
  user: string;
  password?: string;
  privateKey?: Buffer;
  passphrase?: string;
  /** The pinned fingerprint; null means "only look at the key" (trust flow): nothing is authenticated. */
  expectedFingerprint: string | null;
  /** Connect plus handshake, in ms. */
  connectTimeoutMs?: number;
  /** Each SFTP operation, in ms. */
  operationTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface SeenHostKey {
  fingerprint: string;
  algorithm: string;
}

const where = (o: { host: string; port: number }) => `${o.host}:${o.port}`;

/** Connects only far enough to see the server's host key (for first contact), then disconnects. */
export async function fetchHostKey(options: Pick<ConnectOptions, 'host' | 'port' | 'connectTimeoutMs'>): Promise<SeenHostKey> {
  let seen: SeenHostKey | null = null;
  try {
    await SftpSession.connect({ ...options, user: 'txp-host-key-probe', expectedFingerprint: null, onHostKey: (key) => (seen = key) });
  } catch (error) {
    if (seen) return seen;
    throw error;
  }
  if (seen) return seen;
  throw new TxpError('TRANSFER', `${where(options)} did not show a host key.`);
}

export class SftpSession {
  /** Rejecters of the operations under way: a lost connection fails them at once. */
  private readonly pending = new Set<(error: TxpError) => void>();
  private lost: TxpError | null = null;

  private constructor(
    private readonly client: Client,
    readonly sftp: SFTPWrapper,
    private readonly operationTimeoutMs: number,
    readonly label: string,
    /** The server supports posix-rename@openssh.com (an atomic rename over an existing file). */
    readonly hasPosixRename: boolean,
  ) {
    // ssh2 leaves requests in flight unanswered when the line drops; answer them here.
    client.on('close', () => {
      this.lost ??= new TxpError('TRANSFER', `The connection to ${label} was lost.`, { transient: true });
      for (const reject of this.pending) reject(this.lost);
      this.pending.clear();
    });
  }

  static async connect(options: ConnectOptions & { onHostKey?: (key: SeenHostKey) => void }): Promise<SftpSession> {
    const label = where(options);
    const timeout = options.connectTimeoutMs ?? 15_000;
    const socket = await openSocket(options.host, options.port, timeout, options.signal);
    socket.setNoDelay(true);
    const client = new Client();
    let hostKeyProblem: TxpError | null = null;
    return new Promise<SftpSession>((resolve, reject) => {
      let settled = false;
      const fail = (error: TxpError): void => {
        if (settled) return;
        settled = true;
        client.end();
        socket.destroy();
        reject(error);
      };
      const abort = (): void => fail(new TxpError('CANCELED', `Connecting to ${label} was cancelled.`));
      options.signal?.addEventListener('abort', abort, { once: true });
      const timer = setTimeout(() => fail(new TxpError('TRANSFER', `${label} did not complete the SSH handshake within ${Math.round(timeout / 1000)} s.`, { transient: true })), timeout);
      client.on('ready', () => {
        clearTimeout(timer);
        client.sftp((error, sftp) => {
          if (error) return fail(new TxpError('TRANSFER', `${label} refused the SFTP subsystem: ${error.message}.`));
          settled = true;
          options.signal?.removeEventListener('abort', abort);
          const extensions = (sftp as unknown as { _extensions?: Record<string, string> })._extensions ?? {};
          resolve(new SftpSession(client, sftp, options.operationTimeoutMs ?? 30_000, label, 'posix-rename@openssh.com' in extensions));
        });
      });
      client.on('error', (error: Error & { level?: string }) => {
        clearTimeout(timer);
        if (hostKeyProblem) return fail(hostKeyProblem);
        if (error.level === 'client-authentication') {
          return fail(new TxpError('AUTH', `${label} refused the login for user "${options.user}": check the SFTP user id and password in the account settings.`));
        }
        fail(new TxpError('TRANSFER', `Connection to ${label} failed: ${networkWords(error)}.`, { transient: true }));
      });
      client.on('close', () => {
        clearTimeout(timer);
        fail(hostKeyProblem ?? new TxpError('TRANSFER', `${label} closed the connection.`, { transient: true }));
      });
      client.connect({
        sock: socket,
        host: options.host,
        port: options.port,
        username: options.user,
        ...(options.password !== undefined ? { password: options.password } : {}),
        ...(options.privateKey !== undefined ? { privateKey: options.privateKey } : {}),
        ...(options.passphrase !== undefined ? { passphrase: options.passphrase } : {}),
        readyTimeout: timeout,
        keepaliveInterval: 10_000,
        keepaliveCountMax: 3,
        tryKeyboard: false,
        hostVerifier: (key: Buffer) => {
          const seen = { fingerprint: hostKeyFingerprint(key), algorithm: hostKeyAlgorithm(key) };
          options.onHostKey?.(seen);
          if (options.expectedFingerprint === null) {
            hostKeyProblem = new TxpError('HOST_KEY', `${label} is not trusted yet (its key is ${seen.fingerprint}).`);
            return false;
          }
          if (seen.fingerprint !== options.expectedFingerprint) {
            hostKeyProblem = new TxpError(
              'HOST_KEY',
              `The host key of ${label} has changed: it is now ${seen.fingerprint}, but ${options.expectedFingerprint} was trusted. ` +
                'Nothing was sent. This can mean someone is intercepting the connection; if TextPower confirms a new key, trust it again with "txp account trust".',
            );
            return false;
          }
          return true;
        },
      });
    });
  }

  /** Runs one SFTP operation with the per-operation timeout. */
  op<T>(what: string, run: (done: (error: Error | null | undefined, value?: T) => void) => void): Promise<T> {
    if (this.lost) return Promise.reject(this.lost);
    return new Promise<T>((resolve, reject) => {
      const settle = (): void => {
        clearTimeout(timer);
        this.pending.delete(reject);
      };
      const timer = setTimeout(() => {
        settle();
        reject(new TxpError('TRANSFER', `${this.label}: ${what} got no answer within ${Math.round(this.operationTimeoutMs / 1000)} s.`, { transient: true }));
      }, this.operationTimeoutMs);
      this.pending.add(reject);
      run((error, value) => {
        settle();
        if (error) reject(sftpError(error, `${this.label}: ${what}`));
        else resolve(value as T);
      });
    });
  }

  stat(path: string): Promise<Stats | null> {
    return this.op<Stats>(`stat ${path}`, (done) => this.sftp.stat(path, done)).catch((error: TxpError & { noSuchFile?: boolean }) => {
      if (error.noSuchFile) return null;
      throw error;
    });
  }

  close(): void {
    this.client.end();
  }
}

/** A TRANSFER error from an SFTP status; `sftpStatus` is the status code the server answered, if any. */
export type SftpError = TxpError & { noSuchFile?: boolean; sftpStatus?: number };

function sftpError(error: Error & { code?: number }, what: string): SftpError {
  // SFTP status codes (draft-ietf-secsh-filexfer-02 §7): 2 no such file, 3 permission denied.
  const reason = error.code === 2 ? 'no such file or folder' : error.code === 3 ? 'permission denied' : error.message;
  // Status codes come from a live server that refused: trying again would not help. No code means the channel broke.
  const wrapped = new TxpError('TRANSFER', `${what} failed: ${reason}.`, { transient: error.code === undefined }) as SftpError;
  wrapped.noSuchFile = error.code === 2;
  if (error.code !== undefined) wrapped.sftpStatus = error.code;
  return wrapped;
}

function openSocket(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new TxpError('TRANSFER', `${host}:${port} did not accept a connection within ${Math.round(timeoutMs / 1000)} s.`, { transient: true }));
    }, timeoutMs);
    const onAbort = (): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(new TxpError('CANCELED', `Connecting to ${host}:${port} was cancelled.`));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new TxpError('TRANSFER', `Cannot connect to ${host}:${port}: ${networkWords(error)}.`, { transient: true }));
    });
  });
}

export async function readPrivateKey(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch {
    throw new TxpError('AUTH', `Cannot read the private key file ${path}.`);
  }
}

/**
 * A connector for an account: password or private key (with the secret as its passphrase),
 * and always the account's pinned host key. Upload, results and the CLI all connect this way.
 */
export function accountConnector(account: Account, secret: string | null): (signal: AbortSignal) => Promise<SftpSession> {
  let privateKey: Promise<Buffer> | null = null;
  return async (signal) => {
    const useKey = account.auth === 'key' && account.keyFile !== null;
    if (useKey) privateKey ??= readPrivateKey(account.keyFile as string);
    return SftpSession.connect({
      host: account.host,
      port: account.port,
      user: account.user,
      ...(!useKey && secret ? { password: secret } : {}),
      ...(useKey ? { privateKey: await (privateKey as Promise<Buffer>) } : {}),
      ...(useKey && secret ? { passphrase: secret } : {}),
      expectedFingerprint: account.hostKey?.fingerprint ?? null,
      signal,
    });
  };
}

/** A network failure in words people can act on, instead of the OS's ("connect ECONNREFUSED 127.0.0.1:40999"). */
export function networkWords(error: Error & { code?: string }): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'the server refused the connection (nothing answers on that port: check the host and port, or the server is down)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'this host name is not known (check its spelling, and the internet connection)';
    case 'ETIMEDOUT':
      return 'the server did not answer (a firewall may block it, or the internet connection is down)';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'the connection was cut';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return 'the network cannot reach the server (check the internet connection)';
    default:
      return error.code ? `the network said ${error.code}` : error.message;
  }
}
