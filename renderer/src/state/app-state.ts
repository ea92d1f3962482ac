/**
 * All UI state in one place (issue #6): one pure reducer over plain data. Components read
 * it through `useAppState` and change it only by dispatching actions; the workflows in
 * `workflows.ts` are the only code that talks to the app's API.
 */
import { SANDBOX_ACCOUNT } from '../../../shared/accounts/account';
import type { SendConfirmation } from '../components/confirm-send-dialog';
import type { AppInfo, AutomationView, CheckResponse, HistoryEntryView, InspectResponse, ResponseOf, Settings } from '../../../shared/ipc-contract';
import { splitRemovalValues, type ListPlan, type PlanRequest, type RowChanges } from '../../../shared/mapping/list-plan';

export type Screen = 'start' | 'preview' | 'map' | 'check' | 'send' | 'results' | 'settings' | 'history';
export type Role = 'phone' | 'tag' | 'ignore';
export type AccountView = ResponseOf<'account.list'>['accounts'][number];
export type Keychain = ResponseOf<'account.list'>['keychain'];
export type SendResult = ResponseOf<'list.send'>;
export type ResultsResponse = ResponseOf<'list.results'>;

export interface Progress {
  phase: string;
  done: number;
  total: number | null;
}

/** A long operation as the page sees it. */
export type Job<T> =
  { status: 'idle' } | { status: 'running'; taskId: string; progress: Progress | null; startedAt: number } | { status: 'done'; value: T } | { status: 'failed'; code: string; message: string };

export interface MappingDraft {
  mode: 'preformatted' | 'alp';
  /**
   * Role per column, in column order. A column is known by its position (`index`, 0-based):
   * two columns may have the same header, and `label` is only what people read.
   */
  roles: { index: number; label: string; role: Role; reason: string }[];
  country: string;
  /** Set when the user chose a header row; null while the detected one applies. */
  headerRow: number | null;
  /** The user changed the mapping, so it is sent explicitly (and no saved profile applies by itself). */
  explicit: boolean;
  /** Save the mapping under this name with the next check ('' for no). */
  saveProfile: string;
  /** Rows whose cell in column `column` (0-based) is one of `values` (comma-separated) are sent as removals (a leading minus). */
  removeWhen: { column: number; values: string } | null;
  /** Leave out numbers outside North America (TextPower needs an international campaign for them). */
  leaveOutInternational: boolean;
  /** What the user changed from the Check screen, in order (Undo takes back the last): it changes what is sent, never the file. */
  rowChanges: RowChange[];
  /** Columns shown beside each number to say whose it is (0-based, at most two; never sent); null while the suggestion applies. */
  identity: number[] | null;
}

/** A row left out, or a cell corrected (`was` is the file's value, shown beside the new one). */
export type RowChange = { kind: 'leave-out'; row: number } | { kind: 'edit'; row: number; column: number; label: string; value: string; was: string };

/** The Map screen's live preview: the first lines the real writer would write. */
export type PreviewLines = ResponseOf<'list.preview'>;

export interface HostKeyPrompt {
  account: string;
  fingerprint: string;
  algorithm: string;
  status: 'new' | 'changed';
  pinned: string | null;
  /** What goes on once the key is trusted: the send that asked, or Settings' Test connection. */
  then: 'send' | 'test';
}

export interface Notice {
  level: 'info' | 'warning' | 'error';
  message: string;
}

/** The upload whose results the Results screen shows or waits for: from the send just made, or from History. */
export interface ResultsTarget {
  sourceFile: string;
  plan: ListPlan;
  account: string;
  remoteName: string;
  keyword: string | null;
}

export interface AppState {
  screen: Screen;
  startup: { status: 'loading' } | { status: 'ready'; info: AppInfo } | { status: 'failed'; message: string };
  notice: Notice | null;
  settings: Settings;
  accounts: AccountView[];
  keychain: Keychain | null;
  activeAccount: string | null;
  recent: string[];
  file: { path: string; sheet: string | null } | null;
  inspect: Job<InspectResponse>;
  grid: { taskId: string | null; loaded: number; complete: boolean; failed: string | null; focusRow: number | null; focusColumn: number | null };
  mapping: MappingDraft | null;
  preview: Job<PreviewLines>;
  check: Job<CheckResponse>;
  send: Job<SendResult>;
  hostKey: HostKeyPrompt | null;
  results: Job<ResultsResponse>;
  resultsTarget: ResultsTarget | null;
  /** The user chose "Check later" while waiting: nothing is lost, History fetches the results. */
  resultsLater: boolean;
  /** The question before an upload (what, where, which keyword); null when none is asked. */
  confirmSend: SendConfirmation | null;
  history: HistoryEntryView[] | null;
  /** Settings › Automation: the saved automations, the profiles they may apply, whether mirror mode has a keychain. */
  automation: { automations: AutomationView[]; profiles: string[]; keychain: 'keychain' | 'session' } | null;
}

export const initialState: AppState = {
  screen: 'start',
  startup: { status: 'loading' },
  notice: null,
  settings: { country: 'US', phoneFormat: 'national', resultsTimeoutMinutes: 30, activeAccount: null, keywords: {} },
  accounts: [],
  keychain: null,
  activeAccount: null,
  recent: [],
  file: null,
  inspect: { status: 'idle' },
  grid: { taskId: null, loaded: 0, complete: false, failed: null, focusRow: null, focusColumn: null },
  mapping: null,
  preview: { status: 'idle' },
  check: { status: 'idle' },
  send: { status: 'idle' },
  hostKey: null,
  results: { status: 'idle' },
  resultsTarget: null,
  resultsLater: false,
  confirmSend: null,
  history: null,
  automation: null,
};

type JobName = 'inspect' | 'preview' | 'check' | 'send' | 'results';
type JobValue<N extends JobName> = AppState[N] extends Job<infer T> ? T : never;

export type Action =
  | { type: 'started'; info: AppInfo }
  | { type: 'startFailed'; message: string }
  | { type: 'navigate'; screen: Screen }
  | { type: 'notice'; notice: Notice | null }
  | { type: 'settings'; settings: Settings }
  | { type: 'accounts'; accounts: AccountView[]; keychain: Keychain }
  | { type: 'activeAccount'; name: string }
  | { type: 'recent'; recent: string[] }
  | { type: 'fileOpened'; path: string; sheet: string | null }
  | { type: 'jobStarted'; job: JobName; taskId: string }
  | { type: 'jobProgress'; taskId: string; progress: Progress }
  | { [N in JobName]: { type: 'jobDone'; job: N; value: JobValue<N> } }[JobName]
  | { type: 'jobFailed'; job: JobName; code: string; message: string }
  | { type: 'jobReset'; job: JobName }
  | { type: 'sheetChosen'; sheet: string }
  | { type: 'gridLoading'; taskId: string }
  | { type: 'gridLoaded'; rows: number; complete: boolean }
  | { type: 'gridFailed'; message: string }
  | { type: 'focusRow'; row: number | null; column?: number | null }
  | { type: 'mapping'; mapping: MappingDraft }
  | { type: 'hostKey'; prompt: HostKeyPrompt | null }
  | { type: 'history'; entries: HistoryEntryView[] }
  | { type: 'automation'; automation: NonNullable<AppState['automation']> }
  | { type: 'resultsTarget'; target: ResultsTarget }
  | { type: 'resultsLater' }
  | { type: 'confirmSend'; confirmation: SendConfirmation | null };

export function reducer(state: AppState, action: Action): AppState {
  switch (action.type) {
    case 'started':
      return { ...state, startup: { status: 'ready', info: action.info } };
    case 'startFailed':
      return { ...state, startup: { status: 'failed', message: action.message } };
    case 'navigate':
      // A row shown from a problem is shown once: leaving the preview forgets it.
      return { ...state, screen: action.screen, ...(action.screen !== 'preview' && state.grid.focusRow !== null ? { grid: { ...state.grid, focusRow: null, focusColumn: null } } : {}) };
    case 'notice':
      return { ...state, notice: action.notice };
    case 'settings':
      return { ...state, settings: action.settings };
    case 'accounts': {
      const names = action.accounts.map((a) => a.name);
      // The account the user chose stays chosen, across restarts too (it is in the settings).
      const remembered = state.settings.activeAccount;
      const active = state.activeAccount && names.includes(state.activeAccount) ? state.activeAccount : remembered && names.includes(remembered) ? remembered : defaultAccount(action.accounts);
      return { ...state, accounts: action.accounts, keychain: action.keychain, activeAccount: active };
    }
    case 'activeAccount':
      return { ...state, activeAccount: action.name };
    case 'automation':
      return { ...state, automation: action.automation };
    case 'recent':
      return { ...state, recent: action.recent };
    case 'fileOpened':
      // A new file (or sheet) starts everything after it afresh.
      return {
        ...state,
        file: { path: action.path, sheet: action.sheet },
        inspect: { status: 'idle' },
        grid: { ...initialState.grid },
        mapping: null,
        preview: { status: 'idle' },
        check: { status: 'idle' },
        send: { status: 'idle' },
        results: { status: 'idle' },
        resultsTarget: null,
        resultsLater: false,
        notice: null,
      };
    case 'jobStarted':
      return { ...state, [action.job]: { status: 'running', taskId: action.taskId, progress: null, startedAt: Date.now() } };
    case 'jobProgress': {
      for (const job of ['check', 'send', 'results', 'inspect', 'preview'] as const) {
        const current = state[job];
        if (current.status === 'running' && current.taskId === action.taskId) return { ...state, [job]: { ...current, progress: action.progress } };
      }
      if (state.grid.taskId === action.taskId) return { ...state, grid: { ...state.grid, loaded: Math.max(state.grid.loaded, action.progress.done) } };
      return state;
    }
    case 'jobDone':
      return { ...state, [action.job]: { status: 'done', value: action.value } };
    case 'jobFailed':
      return { ...state, [action.job]: { status: 'failed', code: action.code, message: action.message } };
    case 'jobReset':
      return { ...state, [action.job]: { status: 'idle' } };
    case 'sheetChosen':
      return state.file ? { ...state, file: { ...state.file, sheet: action.sheet } } : state;
    case 'gridLoading':
      return { ...state, grid: { ...state.grid, taskId: action.taskId, loaded: 0, complete: false, failed: null } };
    case 'gridLoaded':
      return { ...state, grid: { ...state.grid, loaded: action.rows, complete: action.complete, taskId: action.complete ? null : state.grid.taskId } };
    case 'gridFailed':
      return { ...state, grid: { ...state.grid, taskId: null, failed: action.message } };
    case 'focusRow':
      return { ...state, grid: { ...state.grid, focusRow: action.row, focusColumn: action.column ?? null } };
    case 'mapping':
      return { ...state, mapping: action.mapping };
    case 'hostKey':
      return { ...state, hostKey: action.prompt };
    case 'history':
      return { ...state, history: action.entries };
    case 'resultsTarget':
      return { ...state, resultsTarget: action.target, resultsLater: false };
    case 'confirmSend':
      return { ...state, confirmSend: action.confirmation };
    case 'resultsLater':
      return { ...state, results: { status: 'idle' }, resultsLater: true };
  }
}

/** The first real account, else the sandbox (DESIGN.md §4: the sandbox until a real one exists). */
function defaultAccount(accounts: AccountView[]): string | null {
  return (accounts.find((a) => a.name !== SANDBOX_ACCOUNT) ?? accounts[0])?.name ?? null;
}

/**
 * What the mapping draft asks the pipeline for: columns by position. A draft the user has not
 * touched leaves the columns to main (a saved profile for the same headers, or the suggestion).
 */
export function planRequest(state: Pick<AppState, 'mapping' | 'settings' | 'file'>): PlanRequest {
  const draft = state.mapping;
  const removeWhen = draft?.removeWhen ? { column: draft.removeWhen.column, values: splitRemovalValues(draft.removeWhen.values) } : null;
  const base: PlanRequest = {
    ...(state.file?.sheet ? { sheet: state.file.sheet } : {}),
    country: draft?.country ?? state.settings.country,
    phoneFormat: state.settings.phoneFormat,
    ...(draft?.headerRow ? { headerRow: draft.headerRow } : {}),
    ...(draft?.leaveOutInternational ? { international: 'leave-out' as const } : {}),
    ...(removeWhen && removeWhen.values.length > 0 ? { removeWhen } : draft?.explicit ? { removeWhen: null } : {}),
    ...(draft && draft.rowChanges.length > 0 ? { rowChanges: rowChangesOf(draft.rowChanges) } : {}),
    ...(draft?.identity ? { identity: draft.identity } : {}),
  };
  if (!draft?.explicit) return base;
  const phone = draft.roles.filter((c) => c.role === 'phone').map((c) => c.index);
  const tags = draft.roles.filter((c) => c.role === 'tag').map((c) => c.index);
  return { ...base, mode: draft.mode, ...(draft.mode === 'alp' ? { phone, tags } : {}), ...(draft.saveProfile ? { saveProfile: draft.saveProfile } : {}) };
}

/** The draft's changes as the plan carries them: rows left out, and each cell's last value. */
function rowChangesOf(changes: readonly RowChange[]): RowChanges {
  const leaveOut = new Set<number>();
  const edits = new Map<string, { row: number; column: number; value: string }>();
  for (const change of changes) {
    if (change.kind === 'leave-out') leaveOut.add(change.row);
    else edits.set(`${change.row}:${change.column}`, { row: change.row, column: change.column, value: change.value });
  }
  return { leaveOut: [...leaveOut], edits: [...edits.values()] };
}
