/**
 * The main-process side of the IPC contract, free of Electron: one handler per request
 * channel. The Electron layer and the loopback bridge both serve these same handlers.
 */
import type { PipelineRunner } from '../jobs/pipeline-runner';
import type { AccountService } from '../sending/account-service';
import type { EventName, EventPayload, ParsedRequestOf, RequestChannel, ResponseOf } from '../../shared/ipc-contract';
import type { FileAccess } from './file-grants';
import type { AutomationService } from '../automation/automation-service';

export interface HandlerContext {
  /** Sends an event to the page that made the request. */
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  /** Aborted when the page goes away or the request is cancelled. */
  signal: AbortSignal;
}

export type ApiHandlers = {
  [C in RequestChannel]: (request: ParsedRequestOf<C>, context: HandlerContext) => Promise<ResponseOf<C>>;
};

/** Asking the user to choose a file: a native dialog in the app, something else elsewhere. */
export interface DialogPort {
  chooseFile(options: { title?: string }): Promise<string | null>;
}

export interface AppInfoPort {
  shell: 'electron' | 'browser';
  electronVersion: string | null;
  chromeVersion: string | null;
}

export interface ApiDependencies {
  dialog: DialogPort;
  runtime: AppInfoPort;
  /** Runs parsing and checking off the main thread. */
  pipeline: PipelineRunner;
  /** The config folder shared with the CLI (profiles, accounts). */
  configDir: string;
  /** Accounts and their secrets. */
  accounts: AccountService;
  /** Which files the page may have read: those the user picked (FileGrants), or any (ANY_FILE, tests). */
  files: FileAccess;
  /** Watched folders and schedules (Settings › Automation). */
  automations: AutomationService;
}
