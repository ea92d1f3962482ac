/**
 * The results loop, client side (DESIGN.md §3): wait for RESULTS_DIR/NAME.results.csv with
 * polling that backs off up to an overall timeout, download it, validate it, and only then
 * delete it from the server. A truncated or malformed result is refused and left in place.
 */
import { posix } from 'node:path';
import { parseResultFile, type ServiceResult } from '../../shared/results/result-file';
import { TxpError } from '../../shared/txp-error';
import type { SftpSession } from '../sending/sftp-session';

export interface FetchResultsOptions {
  connect: (signal: AbortSignal) => Promise<SftpSession>;
  resultsDir: string;
  remoteName: string;
  /** First polling interval (default 1 s), doubled up to 10 s. */
  intervalMs?: number;
  /** Overall wait (default 10 minutes). */
  timeoutMs?: number;
  signal?: AbortSignal;
  onWaiting?: (elapsedMs: number) => void;
}

export async function fetchResults(options: FetchResultsOptions): Promise<ServiceResult[]> {
  const path = posix.join(options.resultsDir, `${options.remoteName}.results.csv`);
  const signal = options.signal ?? new AbortController().signal;
  const started = Date.now();
  const timeout = options.timeoutMs ?? 10 * 60_000;
  let interval = options.intervalMs ?? 1000;
  const session = await options.connect(signal);
  try {
    while (true) {
      if (signal.aborted) throw new TxpError('CANCELED', `Waiting for the results of ${options.remoteName} was cancelled.`);
      const info = await session.stat(path);
      if (info) {
        const data = await download(session, path, info.size);
        let results: ServiceResult[];
        try {
          results = parseResultFile(data.toString('utf8'));
        } catch (error) {
          throw new TxpError('TRANSFER', `The result file ${path} was refused and left on the server: ${error instanceof Error ? error.message : String(error)}.`);
        }
        await session.op<void>(`remove ${path}`, (done) => session.sftp.unlink(path, done));
        return results;
      }
      const elapsed = Date.now() - started;
      if (elapsed >= timeout) {
        throw new TxpError(
          'TRANSFER',
          `No results for ${options.remoteName} yet${elapsed > 0 ? ` after ${Math.round(elapsed / 1000)} s` : ''}; the service may still be processing it. Try again later (txp results NAME --account A --wait).`,
        );
      }
      options.onWaiting?.(elapsed);
      await new Promise((resolve) => setTimeout(resolve, Math.min(interval, timeout - elapsed)));
      interval = Math.min(interval * 2, 10_000);
    }
  } finally {
    session.close();
  }
}

async function download(session: SftpSession, path: string, size: number): Promise<Buffer> {
  const handle = await session.op<Buffer>(`open ${path}`, (done) => session.sftp.open(path, 'r', done));
  try {
    const data = Buffer.alloc(size);
    let offset = 0;
    while (offset < size) {
      const read = await session.op<number>(`read ${path}`, (done) => session.sftp.read(handle, data, offset, Math.min(64 * 1024, size - offset), offset, (error, bytes) => done(error, bytes)));
      if (read === 0) break;
      offset += read;
    }
    return data.subarray(0, offset);
  } finally {
    await session.op<void>(`close ${path}`, (done) => session.sftp.close(handle, done)).catch(() => undefined);
  }
}
