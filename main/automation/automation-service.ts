/**
 * Automations while the app is open (Settings › Automation): each new-file automation's folder is
 * watched, each daily one runs at its time, "Run now" runs one at once; every run's report goes
 * to the listeners (the page, and in the app a system notification when something was not sent).
 * Saving, removing, installing with the OS scheduler and uninstalling are the CLI's operations too.
 */
import type { Automation } from '../../shared/accounts/automation';
import { TxpError } from '../../shared/txp-error';
import type { AppServices } from '../jobs/app-services';
import { readHistory } from '../sending/upload-history';
import { AutomationStore } from './automation-store';
import { automationTask, defaultScheduler, installSchedule, removalDefinition, uninstallSchedule, type SchedulerKind } from './os-schedule';
import { runAutomation, type RunReport } from './run-automation';
import { watchFolder, type FolderWatch } from './watch-folder';

/** What to do when mirror mode stops to ask, in the app's words. */
const APPROVE_IN_APP = 'If the export is complete, choose "Send anyway" for this automation in Settings › Automation. The file stays where it is.';

export interface AutomationView extends Automation {
  /** The newest History entry of a run of it. */
  lastRun: { time: string; file: string; outcome: 'uploaded' | 'failed' | 'cancelled'; error: string | null } | null;
  /** Watched (new-file) or timed (daily) in this app right now. */
  active: boolean;
}

export class AutomationService {
  readonly store: AutomationStore;
  private readonly watches = new Map<string, FolderWatch>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly listeners = new Set<(report: RunReport) => void>();
  private closed = false;

  constructor(private readonly services: AppServices) {
    this.store = new AutomationStore(services.configDir);
  }

  /** The saved profiles, which an automation applies. */
  profiles() {
    return this.services.profiles.list();
  }

  /** Hears every run's report. Returns the unsubscribe. */
  onRun(listener: (report: RunReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async list(): Promise<AutomationView[]> {
    const [automations, history] = await Promise.all([this.store.list(), readHistory(this.services.configDir)]);
    const newestFirst = history.reverse();
    return automations.map((automation) => {
      const last = newestFirst.find((entry) => entry.automation === automation.name);
      return {
        ...automation,
        lastRun: last ? { time: last.time, file: last.sourceFile, outcome: last.outcome, error: last.error ?? null } : null,
        active: this.watches.has(automation.name) || this.timers.has(automation.name),
      };
    });
  }

  /** Saves (adds or replaces) one, after checking that its profile and account exist, and (re)starts it here. */
  async save(automation: Automation): Promise<Automation> {
    await this.services.profiles.get(automation.profile);
    await this.services.accounts.store.get(automation.account);
    const previous = (await this.store.list()).find((a) => a.name.toLowerCase() === automation.name.toLowerCase());
    const saved = { ...automation, installedWith: previous?.installedWith ?? null };
    await this.store.save(saved);
    await this.stop(automation.name);
    this.begin(saved);
    return saved;
  }

  async remove(name: string): Promise<void> {
    const automation = await this.store.get(name);
    await this.stop(automation.name);
    if (automation.installedWith) await uninstallSchedule(removalDefinition(automation.installedWith, automation, this.services.configDir));
    await this.store.remove(automation.name);
  }

  /** Runs one now (new-file: every ready file; daily: the newest). */
  async runNow(name: string, approveRemovals = false): Promise<RunReport> {
    const automation = await this.store.get(name);
    // The one who asked gets the report; listeners hear the runs nobody asked for.
    return this.run(automation, approveRemovals, false);
  }

  /** Registers it with the OS scheduler, so it runs while the app is closed too. */
  async install(name: string): Promise<SchedulerKind> {
    const automation = await this.store.get(name);
    const kind = await defaultScheduler();
    await installSchedule(this.definition(automation, kind));
    await this.store.save({ ...automation, installedWith: kind });
    return kind;
  }

  async uninstall(name: string): Promise<void> {
    const automation = await this.store.get(name);
    await uninstallSchedule(removalDefinition(automation.installedWith ?? (await defaultScheduler()), automation, this.services.configDir));
    await this.store.save({ ...automation, installedWith: null });
  }

  /** Starts every saved automation in this process (the app does at start). */
  async startAll(): Promise<void> {
    for (const automation of await this.store.list()) this.begin(automation);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const name of [...this.watches.keys(), ...this.timers.keys()]) await this.stop(name);
  }

  private definition(automation: Automation, kind: SchedulerKind) {
    return automationTask(kind, automation, this.services.configDir, false);
  }

  private async run(automation: Automation, approveRemovals: boolean, announce: boolean): Promise<RunReport> {
    const report = await runAutomation(this.services, automation, { ...(approveRemovals ? { approveRemovals: true } : {}), approveHint: APPROVE_IN_APP });
    if (announce) for (const listener of this.listeners) listener(report);
    return report;
  }

  private begin(automation: Automation): void {
    if (this.closed) return;
    if (automation.trigger.kind === 'new-file') {
      const watch = watchFolder(this.services, automation, {
        approveHint: APPROVE_IN_APP,
        onRun: (report) => {
          for (const listener of this.listeners) listener(report);
        },
        onError: (error) => {
          const message = error instanceof Error ? error.message : String(error);
          for (const listener of this.listeners) listener({ automation: automation.name, overlapped: false, files: [{ file: automation.folder, outcome: 'retry', reason: message, code: 'INPUT' }] });
        },
      });
      this.watches.set(automation.name, watch);
      return;
    }
    this.timers.set(
      automation.name,
      setTimeout(() => void this.daily(automation), msUntil(automation.trigger.at)),
    );
  }

  private async daily(automation: Automation): Promise<void> {
    this.timers.delete(automation.name);
    try {
      await this.run(automation, false, true);
    } catch (error) {
      const message = error instanceof TxpError || error instanceof Error ? error.message : String(error);
      for (const listener of this.listeners) listener({ automation: automation.name, overlapped: false, files: [{ file: automation.folder, outcome: 'retry', reason: message, code: 'INPUT' }] });
    }
    if (!this.closed && (await this.store.list()).some((a) => a.name === automation.name)) this.begin(automation);
  }

  private async stop(name: string): Promise<void> {
    const timer = this.timers.get(name);
    if (timer) clearTimeout(timer);
    this.timers.delete(name);
    await this.watches.get(name)?.close();
    this.watches.delete(name);
  }
}

/** Milliseconds from now to the next HH:MM, local time. */
export function msUntil(at: string, now = new Date()): number {
  const [hour, minute] = at.split(':').map(Number) as [number, number];
  const next = new Date(now);
  next.setHours(hour, minute, 0, 0);
  if (next.getTime() <= now.getTime()) next.setDate(next.getDate() + 1);
  return next.getTime() - now.getTime();
}
