/**
 * Puts one file on the server the way the drop protocol says (DESIGN.md §3): the job manifest
 * first, then the data as NAME.part, a size check, and only then the rename to NAME, which is
 * what the processor waits for. A failed or cancelled upload never leaves a file under the
 * final name. Dropped connections are retried with exponential backoff and resume from the
 * end of what the server acknowledged without a gap (never merely from the .part's size: a
 * pipelined write may land after a gap the cut left); authentication and host-key failures
 * are not retried.
 */
import { open, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { TxpError, toTxpError } from '../../shared/txp-error';
import type { SftpError, SftpSession } from './sftp-session';

export interface UploadProgress {
  bytes: number;
  total: number;
  /** Bytes per second over the transfer so far. */
  rate: number;
  /** Seconds left at that rate, or null before it is known. */
  etaSeconds: number | null;
}

export interface UploadRequest {
  connect: (signal: AbortSignal) => Promise<SftpSession>;
  localPath: string;
  remoteDir: string;
  remoteName: string;
  /** Written as NAME.job.json before the data file is renamed into place; null for none. */
  manifest: object | null;
  onProgress?: (progress: UploadProgress) => void;
  onRetry?: (attempt: number, delayMs: number, error: TxpError) => void;
  signal?: AbortSignal;
  /** How many times a dropped transfer is tried again (default 5). */
  retries?: number;
  /** The first backoff delay; it doubles each time (default 1 s). */
  backoffMs?: number;
}

export interface UploadResult {
  remotePath: string;
  bytes: number;
  seconds: number;
  attempts: number;
  /** Bytes that were already on the server when the last attempt began (a resumed transfer). */
  resumedFrom: number;
}

const CHUNK = 255 * 1024;
const IN_FLIGHT = 32;

export async function uploadFile(request: UploadRequest): Promise<UploadResult> {
  const started = Date.now();
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  request.signal?.addEventListener('abort', onAbort, { once: true });
  const { size } = await stat(request.localPath);
  const retries = request.retries ?? 5;
  let delay = request.backoffMs ?? 1000;
  const acked = { bytes: 0 };
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const resumedFrom = await attemptUpload(request, size, started, acked, controller.signal);
        return { remotePath: posix.join(request.remoteDir, request.remoteName), bytes: size, seconds: (Date.now() - started) / 1000, attempts: attempt, resumedFrom };
      } catch (caught) {
        const error = controller.signal.aborted ? new TxpError('CANCELED', `The upload of ${request.remoteName} was cancelled.`) : toTxpError(caught);
        if (!error.transient || attempt > retries) throw error;
        request.onRetry?.(attempt, delay, error);
        await sleep(delay, controller.signal);
        delay *= 2;
      }
    }
  } finally {
    request.signal?.removeEventListener('abort', onAbort);
  }
}

/** `acked.bytes`: how far the .part is known to hold this file without a gap, from the server's own acknowledgements. */
async function attemptUpload(request: UploadRequest, size: number, started: number, acked: { bytes: number }, signal: AbortSignal): Promise<number> {
  const session = await request.connect(signal);
  // On cancel the writer stops and the .part is removed; if the server does not answer
  // within a second, the connection is simply closed.
  let forceClose: NodeJS.Timeout | undefined;
  const closeOnAbort = (): void => {
    forceClose = setTimeout(() => session.close(), 1000);
  };
  signal.addEventListener('abort', closeOnAbort, { once: true });
  const dir = request.remoteDir;
  const finalPath = posix.join(dir, request.remoteName);
  const partPath = `${finalPath}.part`;
  const manifestPath = posix.join(dir, `${request.remoteName}.job.json`);
  try {
    if (request.manifest) {
      await writeRemoteFile(session, manifestPath, Buffer.from(JSON.stringify(request.manifest, null, 2) + '\n'));
    }
    // Resume only within this upload, from what the server acknowledged, and only when the .part
    // still holds at least that much; anything else (a .part left by an earlier run) starts again.
    const existing = await session.stat(partPath);
    const resumeFrom = existing && acked.bytes > 0 && existing.size >= acked.bytes && existing.size <= size ? acked.bytes : 0;
    acked.bytes = resumeFrom;
    try {
      await writeData(session, request, partPath, acked, size, started, signal);
    } catch (error) {
      // Cancelled, or refused for good (a full disk, a quota): the .part and its manifest go, so
      // nothing is left to take the server's space or to look like a drop. A passing fault keeps
      // the .part for the next attempt to resume.
      if (signal.aborted || !toTxpError(error).transient) {
        await session.op<void>(`remove ${partPath}`, (done) => session.sftp.unlink(partPath, done)).catch(() => undefined);
        if (request.manifest) await session.op<void>(`remove ${manifestPath}`, (done) => session.sftp.unlink(manifestPath, done)).catch(() => undefined);
      }
      throw refusedWrite(error, session.label, request.remoteName, acked.bytes);
    }
    const written = await session.stat(partPath);
    if (!written || written.size !== size) {
      throw new TxpError('TRANSFER', `${session.label}: ${partPath} has ${written?.size ?? 0} bytes instead of ${size}.`, { transient: true });
    }
    if (session.hasPosixRename) {
      await session.op<void>(`rename ${partPath}`, (done) => session.sftp.ext_openssh_rename(partPath, finalPath, done));
    } else {
      await session.op<void>(`rename ${partPath}`, (done) => session.sftp.rename(partPath, finalPath, done));
    }
    return resumeFrom;
  } finally {
    clearTimeout(forceClose);
    signal.removeEventListener('abort', closeOnAbort);
    session.close();
  }
}

async function writeRemoteFile(session: SftpSession, path: string, data: Buffer): Promise<void> {
  const handle = await session.op<Buffer>(`create ${path}`, (done) => session.sftp.open(path, 'w', done));
  try {
    await session.op<void>(`write ${path}`, (done) => session.sftp.write(handle, data, 0, data.length, 0, done));
  } finally {
    await session.op<void>(`close ${path}`, (done) => session.sftp.close(handle, done));
  }
}

/**
 * Pipelined writes: up to IN_FLIGHT requests outstanding, each CHUNK bytes, sent in file
 * order from `acked.bytes` on. `acked.bytes` moves forward only over acknowledged chunks
 * without a gap before them, so it is always a safe point to resume from.
 */
async function writeData(session: SftpSession, request: UploadRequest, path: string, acked: { bytes: number }, size: number, started: number, signal: AbortSignal): Promise<void> {
  const from = acked.bytes;
  const handle = await session.op<Buffer>(`create ${path}`, (done) => session.sftp.open(path, from > 0 ? 'r+' : 'w', done));
  const local = await open(request.localPath, 'r');
  let sent = from;
  let lastReport = 0;
  const report = (force: boolean): void => {
    const now = Date.now();
    if (!force && now - lastReport < 200) return;
    lastReport = now;
    const rate = sent / Math.max(0.001, (now - started) / 1000);
    request.onProgress?.({ bytes: sent, total: size, rate, etaSeconds: rate > 0 ? (size - sent) / rate : null });
  };
  /** Ends of acknowledged chunks that lie beyond a gap, by their start. */
  const doneBeyondGap = new Map<number, number>();
  const acknowledge = (position: number, end: number): void => {
    doneBeyondGap.set(position, end);
    for (let next = doneBeyondGap.get(acked.bytes); next !== undefined; next = doneBeyondGap.get(acked.bytes)) {
      doneBeyondGap.delete(acked.bytes);
      acked.bytes = next;
    }
  };
  try {
    let next = from;
    let failure: unknown = null;
    const pending = new Set<Promise<void>>();
    while ((next < size || pending.size > 0) && failure === null && !signal.aborted) {
      while (next < size && pending.size < IN_FLIGHT && failure === null && !signal.aborted) {
        const position = next;
        const length = Math.min(CHUNK, size - position);
        next += length;
        const buffer = Buffer.allocUnsafe(length);
        // Read before sending, so the requests go out in file order.
        const { bytesRead } = await local.read(buffer, 0, length, position);
        if (bytesRead !== length) throw new TxpError('INPUT', `${request.localPath} changed while it was being uploaded.`);
        const write = session
          .op<void>(`write ${path}`, (done) => session.sftp.write(handle, buffer, 0, length, position, done))
          .then(
            () => {
              sent += length;
              acknowledge(position, position + length);
              report(false);
            },
            (error: unknown) => {
              failure ??= error;
            },
          )
          .finally(() => pending.delete(write));
        pending.add(write);
      }
      if (pending.size > 0) await Promise.race(pending);
    }
    await Promise.allSettled(pending);
    if (failure !== null) throw failure;
    if (signal.aborted) throw new TxpError('CANCELED', `The upload of ${path} was cancelled.`);
    report(true);
  } finally {
    await local.close();
    await session.op<void>(`close ${path}`, (done) => session.sftp.close(handle, done)).catch(() => undefined);
  }
}

/**
 * A write the server answered with SFTP's bare "failure" (status 4): OpenSSH gives that for a
 * full disk or an exceeded quota (SFTP v3 has no code for either), so that is what the user is
 * told, with what was stored, instead of the server path of the .part and the word "Failure".
 */
function refusedWrite(error: unknown, label: string, name: string, stored: number): unknown {
  if (!(error instanceof TxpError) || (error as SftpError).sftpStatus !== 4 || !/^.*: write /.test(error.message)) return error;
  const mb = (stored / (1024 * 1024)).toFixed(1);
  return new TxpError(
    'TRANSFER',
    `${label} stopped taking ${name} after ${mb} MB: its disk is probably full, or the account is over its space (the server gave no reason). ` +
      'Nothing was left on the server. Ask TextPower (or whoever runs the server) to make room, then send again.',
    { cause: error },
  );
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new TxpError('CANCELED', 'Cancelled.'));
      },
      { once: true },
    );
  });
}
