/**
 * "Processed", the way TextPower documents it: the service keeps an uploaded file only while
 * it processes it and then deletes it at once, so the upload vanishing from the drop folder is
 * the sign that processing is over. Polled with backoff (5 s doubling to 60 s by default) up
 * to an overall limit; running out of time is "not confirmed yet", never a failure.
 */
import { posix } from 'node:path';
import { TxpError } from '../../shared/txp-error';
import type { SftpSession } from '../sending/sftp-session';

export interface WaitProcessedOptions {
  connect: (signal: AbortSignal) => Promise<SftpSession>;
  uploadDir: string;
  remoteName: string;
  /** First interval (default 5 s), doubled up to `maxIntervalMs` (default 60 s). */
  intervalMs?: number;
  maxIntervalMs?: number;
  /** Overall wait (default 30 minutes; Settings). */
  timeoutMs?: number;
  signal?: AbortSignal;
  onWaiting?: (elapsedMs: number) => void;
}

export type Processed = { processed: true; at: string } | { processed: false; waitedSeconds: number };

export async function waitProcessed(options: WaitProcessedOptions): Promise<Processed> {
  const path = posix.join(options.uploadDir, options.remoteName);
  const signal = options.signal ?? new AbortController().signal;
  const started = Date.now();
  const timeout = options.timeoutMs ?? 30 * 60_000;
  const maxInterval = options.maxIntervalMs ?? 60_000;
  let interval = options.intervalMs ?? 5000;
  const session = await options.connect(signal);
  try {
    while (true) {
      if (signal.aborted) throw new TxpError('CANCELED', `Waiting for TextPower to process ${options.remoteName} was cancelled.`);
      if (!(await session.stat(path))) return { processed: true, at: new Date().toISOString() };
      const elapsed = Date.now() - started;
      if (elapsed >= timeout) return { processed: false, waitedSeconds: Math.round(elapsed / 1000) };
      options.onWaiting?.(elapsed);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(interval, timeout - elapsed));
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
      interval = Math.min(interval * 2, maxInterval);
    }
  } finally {
    session.close();
  }
}
