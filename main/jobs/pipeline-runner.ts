/**
 * Runs pipeline tasks in worker threads, relays their progress, and cancels them on request:
 * the task is asked to stop (an upload then removes its .part), and the thread is terminated
 * if it has not ended within a second.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from './start-worker';
import { TxpError, type TxpErrorData } from '../../shared/txp-error';
import { damagedFiles, type DamagedFileNotice } from '../config/config-file';
import type {
  CheckTask,
  InspectTask,
  LoadTask,
  PipelineTask,
  PreviewTask,
  ResultsTask,
  runCheckTask,
  runReportTask,
  ReportTask,
  runInspectTask,
  runLoadTask,
  runPreviewTask,
  runResultsTask,
  runSendTask,
  SendTask,
  TaskProgress,
} from './pipeline-tasks';

const GRACE_MS = 1000;

type WorkerMessage =
  | ({ type: 'progress' } & TaskProgress)
  | { type: 'rows'; rows: string[] }
  | { type: 'notices'; notices: DamagedFileNotice[] }
  | { type: 'result'; value: unknown }
  | { type: 'error'; error: TxpErrorData };

export class PipelineRunner {
  private readonly running = new Map<string, Worker>();
  /** A worker started ahead of need, when `keepSpare` is set: the next task starts at once. */
  private spare: Worker | null = null;

  /** `keepSpare`: keep one idle worker ready (the app and the browser harness; it costs one thread's memory). */
  constructor(private readonly options: { keepSpare?: boolean } = {}) {
    this.options = { ...options };
    this.refillSpare();
  }

  private refillSpare(): void {
    if (!this.options.keepSpare || this.spare) return;
    const spare = startWorker('pipeline-worker', { kind: 'spare' });
    spare.unref(); // an idle spare never keeps the process alive
    spare.on('error', () => undefined);
    spare.once('exit', () => {
      if (this.spare === spare) this.spare = null;
    });
    this.spare = spare;
  }

  private takeWorker(task: PipelineTask): Worker {
    const spare = this.spare;
    this.spare = null;
    // The next spare starts when this task has ended (see run), not beside it on a busy machine.
    if (!spare) return startWorker('pipeline-worker', task);
    spare.ref();
    spare.removeAllListeners('error');
    spare.removeAllListeners('exit');
    spare.postMessage({ type: 'task', task });
    return spare;
  }

  inspect(task: Omit<InspectTask, 'kind'>): Promise<Awaited<ReturnType<typeof runInspectTask>>> {
    return this.run(null, { ...task, kind: 'inspect' }, () => undefined) as Promise<Awaited<ReturnType<typeof runInspectTask>>>;
  }

  preview(task: Omit<PreviewTask, 'kind'>): Promise<Awaited<ReturnType<typeof runPreviewTask>>> {
    return this.run(null, { ...task, kind: 'preview' }, () => undefined) as Promise<Awaited<ReturnType<typeof runPreviewTask>>>;
  }

  check(taskId: string, task: Omit<CheckTask, 'kind'>, progress: (p: TaskProgress) => void): Promise<Awaited<ReturnType<typeof runCheckTask>>> {
    return this.run(taskId, { ...task, kind: 'check' }, progress) as Promise<Awaited<ReturnType<typeof runCheckTask>>>;
  }

  /** Every problem of a list under a plan, as the CSV report (for the page's export). */
  report(taskId: string, task: Omit<ReportTask, 'kind'>, progress: (p: TaskProgress) => void): Promise<Awaited<ReturnType<typeof runReportTask>>> {
    return this.run(taskId, { ...task, kind: 'report' }, progress) as Promise<Awaited<ReturnType<typeof runReportTask>>>;
  }

  send(taskId: string, task: Omit<SendTask, 'kind'>, progress: (p: TaskProgress) => void): Promise<Awaited<ReturnType<typeof runSendTask>>> {
    return this.run(taskId, { ...task, kind: 'send' }, progress) as Promise<Awaited<ReturnType<typeof runSendTask>>>;
  }

  /** Waits for processing and asks each number's status (the answers so far are kept in the config folder, to resume after a stop). */
  results(taskId: string, task: Omit<ResultsTask, 'kind'>, progress: (p: TaskProgress) => void): Promise<Awaited<ReturnType<typeof runResultsTask>>> {
    return this.run(taskId, { ...task, kind: 'results' }, progress) as Promise<Awaited<ReturnType<typeof runResultsTask>>>;
  }

  /** Reads every row of a table; batches of joined rows go to `onRows` as they arrive. */
  load(taskId: string, task: Omit<LoadTask, 'kind'>, progress: (p: TaskProgress) => void, onRows: (rows: string[]) => void): Promise<Awaited<ReturnType<typeof runLoadTask>>> {
    return this.run(taskId, { ...task, kind: 'load' }, progress, onRows) as Promise<Awaited<ReturnType<typeof runLoadTask>>>;
  }

  /** Stops a running task; its promise rejects with a CANCELED error. */
  async cancel(taskId: string): Promise<boolean> {
    const worker = this.running.get(taskId);
    if (!worker) return false;
    this.running.delete(taskId);
    worker.emit('txp-cancel');
    worker.postMessage('cancel');
    const ended = await Promise.race([
      new Promise<boolean>((resolve) => worker.once('exit', () => resolve(true))),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), GRACE_MS).unref()),
    ]);
    if (!ended) await worker.terminate();
    return true;
  }

  /** Stops every task, and the spare worker. */
  async cancelAll(): Promise<void> {
    const spare = this.spare;
    this.spare = null;
    this.options.keepSpare = false;
    await Promise.all([...this.running.keys()].map((id) => this.cancel(id)));
    await spare?.terminate();
  }

  private run(taskId: string | null, task: PipelineTask, progress: (p: TaskProgress) => void, onRows?: (rows: string[]) => void): Promise<unknown> {
    if (taskId !== null && this.running.has(taskId)) return Promise.reject(new TxpError('USAGE', `A task with the id "${taskId}" is already running.`));
    const worker = this.takeWorker(task);
    const id = taskId ?? `inspect-${Math.random().toString(36).slice(2)}`;
    this.running.set(id, worker);
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        this.running.delete(id);
        fn();
        this.refillSpare();
      };
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'progress') progress({ phase: message.phase, done: message.done, total: message.total });
        else if (message.type === 'rows') onRows?.(message.rows);
        else if (message.type === 'notices') message.notices.forEach((notice) => damagedFiles.add(notice));
        else if (message.type === 'result') settle(() => resolve(message.value));
        else settle(() => reject(TxpError.fromData(message.error)));
        if (message.type === 'result' || message.type === 'error') void worker.terminate();
      });
      worker.once('txp-cancel', () =>
        settle(() => reject(new TxpError('CANCELED', task.kind === 'send' ? 'Cancelled: the upload was stopped, and nothing is left under its final name.' : 'Cancelled.'))),
      );
      worker.on('error', (error) => settle(() => reject(new TxpError('INTERNAL', `The background task failed: ${error.message}`))));
      worker.on('exit', (code) => settle(() => reject(new TxpError(code === 0 ? 'INTERNAL' : 'CANCELED', `The background task for ${task.path} stopped before it finished.`))));
    });
  }
}
