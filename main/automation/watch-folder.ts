/**
 * `txp watch` and the app's watched folders: chokidar reports files that appear or change in
 * the automation's folder once their writes have finished (awaitWriteFinish), and each report
 * starts a run of the automation (run-automation.ts), which looks at the size once more before
 * it takes a file. Runs follow one another: a report during a run starts one more run after it.
 */
import { watch, type FSWatcher } from 'chokidar';
import type { Automation } from '../../shared/accounts/automation';
import type { AppServices } from '../jobs/app-services';
import { runAutomation, type RunOptions, type RunReport } from './run-automation';

export interface FolderWatch {
  /** Resolves when the watcher is ready and the files already there have been run. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function watchFolder(services: AppServices, automation: Automation, options: RunOptions & { onRun?: (report: RunReport) => void; onError?: (error: unknown) => void }): FolderWatch {
  const settleMs = options.settleMs ?? automation.settleSeconds * 1000;
  const watcher: FSWatcher = watch(automation.folder, {
    depth: 0,
    ignoreInitial: true,
    // The files moved into sent/, failed/ and skipped/ are not news.
    ignored: (path, stats) => stats?.isDirectory() === true && path !== automation.folder,
    awaitWriteFinish: settleMs > 0 ? { stabilityThreshold: settleMs, pollInterval: Math.min(250, Math.max(50, Math.round(settleMs / 4))) } : false,
  });
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;
  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          const report = await runAutomation(services, automation, options);
          if (report.files.length > 0 || report.overlapped) options.onRun?.(report);
        } catch (error) {
          options.onError?.(error);
        }
      } while (again && !closed);
      running = null;
    })();
    return running;
  };
  watcher.on('add', () => void run());
  watcher.on('change', () => void run());
  watcher.on('error', (error) => options.onError?.(error));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => void run().then(resolve)));
  return {
    ready,
    close: async () => {
      closed = true;
      await watcher.close();
      await running;
    },
  };
}
