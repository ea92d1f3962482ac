/**
 * What the page does, step by step: open a file, load its rows, check, send, wait for the
 * results. The only place that calls the API (through `txpApi()`), and it reports
 * everything to the store; components call these and render the state.
 */
import type { AppInfo, AutomationRun, InspectResponse, RequestOf, Settings } from '../../../shared/ipc-contract';
import { columnLabel } from '../../../shared/mapping/column-ref';
import { NOT_SENT_OUTCOMES } from '../../../shared/accounts/automation';
import { adviceFor } from '../../../shared/error-advice';
import { TxpError } from '../../../shared/txp-error';
import { txpApi } from '../api/txp-api';
import { fileName } from '../format';
import { downloadText } from '../download';
import { planRequest, type AppState, type MappingDraft, type ResultsTarget, type Role, type Screen } from './app-state';
import type { Store } from './store';

const RECENT_KEY = 'txp.recentFiles';
const RECENT_LIMIT = 8;

let taskCounter = 0;
const newTaskId = (kind: string): string => `${kind}-${Date.now().toString(36)}-${++taskCounter}`;

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The Map screen's preview waits this long after the last change before asking main. */
const PREVIEW_DELAY_MS = 120;

export class Workflows {
  /** The file and mapping of the latest check, to skip asking for the same check again. */
  private lastCheck = '';
  private previewTimer: ReturnType<typeof setTimeout> | null = null;
  /** The keyword the user confirmed for the send under way (kept across the host-key question). */
  private sendKeyword: string | null = null;
  private previewRequest = '';

  constructor(private readonly store: Store) {}

  private get state(): AppState {
    return this.store.getState();
  }

  private readonly dispatch = (action: Parameters<Store['dispatch']>[0]): void => this.store.dispatch(action);

  /** Loads what the first screen needs and listens to main's events. Returns the unsubscribe. */
  async start(): Promise<() => void> {
    let api;
    try {
      api = txpApi();
    } catch (error) {
      this.dispatch({ type: 'startFailed', message: messageOf(error) });
      return () => undefined;
    }
    const offProgress = api.on('progress', ({ taskId, phase, done, total }) => this.dispatch({ type: 'jobProgress', taskId, progress: { phase, done, total } }));
    const offMenu = api.on('menu.fileOpened', ({ path }) => void this.openPath(path));
    const offStatus = api.on('status', (notice) => this.dispatch({ type: 'notice', notice }));
    const offAutomation = api.on('automation.ran', (run) => {
      this.announceRun(run);
      void this.refreshAutomations();
    });
    this.dispatch({ type: 'recent', recent: readRecent() });
    try {
      const [info, settings] = await Promise.all([api.appInfo(), api.settingsGet()]);
      this.dispatch({ type: 'settings', settings });
      await this.refreshAccounts();
      this.dispatch({ type: 'started', info: info as AppInfo });
    } catch (error) {
      this.dispatch({ type: 'startFailed', message: messageOf(error) });
    }
    return () => {
      offProgress();
      offMenu();
      offStatus();
      offAutomation();
    };
  }

  navigate(screen: Screen): void {
    this.dispatch({ type: 'navigate', screen });
    if (screen === 'history') void this.refreshHistory();
    if (screen === 'settings') void this.refreshAutomations();
  }

  notify(level: 'info' | 'warning' | 'error', message: string): void {
    this.dispatch({ type: 'notice', notice: { level, message } });
  }

  /**
   * The error funnel: every error the page meets ends here or in `fail`, never silently. A
   * notice says what happened and, by the error's code, what to do (shared/error-advice.ts).
   */
  report(error: unknown): void {
    const { code, message } = errorParts(error);
    if (code === 'CANCELED') return;
    const advice = adviceFor(code);
    this.notify('error', advice ? `${message} ${advice}` : message);
  }

  /** A step's failure, shown where the step is shown (JobFailure adds the advice for its code). */
  private fail(job: 'inspect' | 'preview' | 'check' | 'send' | 'results', error: unknown): void {
    this.dispatch({ type: 'jobFailed', job, ...errorParts(error) });
  }

  dismissNotice(): void {
    this.dispatch({ type: 'notice', notice: null });
  }

  async chooseFile(): Promise<void> {
    try {
      const result = await txpApi().dialogOpenFile({ title: 'Open a CRM export' });
      if (!result.canceled) await this.openPath(result.path);
    } catch (error) {
      this.report(error);
    }
  }

  /** A file dropped on the window or picked with the page's own file picker. */
  async openDropped(file: File): Promise<void> {
    try {
      this.notify('info', `Opening ${file.name}…`);
      await this.openPath(await txpApi().fileToPath(file));
    } catch (error) {
      this.report(error);
    }
  }

  /** Opens a file (or another sheet of it): first rows at once, then every row streams into the grid. */
  async openPath(path: string, sheet: string | null = null, headerRow: number | null = null): Promise<void> {
    // An upload is never cancelled behind the user's back by opening something else.
    if (this.state.send.status === 'running') {
      this.notify('warning', 'An upload is running. Wait for it to finish, or cancel it on the Send screen, before opening another file.');
      return;
    }
    const waiting = this.state.results;
    const stoppedWaiting =
      waiting.status === 'running' && this.state.resultsTarget
        ? `Stopped waiting for the results of ${this.state.resultsTarget.remoteName}. Nothing is lost: Get results in History fetches them any time.`
        : null;
    const previousLoad = this.state.grid.taskId;
    if (previousLoad) void this.stopTask(previousLoad);
    for (const job of ['check', 'results'] as const) {
      const current = this.state[job];
      if (current.status === 'running') void this.stopTask(current.taskId);
    }
    this.dispatch({ type: 'fileOpened', path, sheet });
    if (stoppedWaiting) this.notify('info', stoppedWaiting);
    this.dispatch({ type: 'navigate', screen: 'preview' });
    this.dispatch({ type: 'jobStarted', job: 'inspect', taskId: 'inspect' });
    try {
      const inspect = await txpApi().tableInspect({
        path,
        ...(sheet ? { sheet } : {}),
        country: this.state.settings.country,
        ...(headerRow ? { headerRow } : {}),
      });
      if (this.state.file?.path !== path) return;
      this.dispatch({ type: 'jobDone', job: 'inspect', value: inspect });
      if (!sheet && inspect.sheet) this.dispatch({ type: 'sheetChosen', sheet: inspect.sheet });
      this.setMapping({
        mode: inspect.suggestion.mode,
        roles: suggestedRoles(inspect),
        country: this.state.settings.country,
        headerRow,
        explicit: headerRow !== null,
        saveProfile: '',
        // A column that records who said no to texts is used for removals from the start (the user can turn it off).
        removeWhen: inspect.suggestion.removeWhen ? { column: inspect.suggestion.removeWhen.column.index, values: inspect.suggestion.removeWhen.values.join(', ') } : null,
        leaveOutInternational: false,
        rowChanges: [],
        identity: null,
      });
      this.remember(path);
      void this.loadRows(path, inspect.sheet);
      void this.check();
    } catch (error) {
      this.fail('inspect', error);
    }
  }

  private async loadRows(path: string, sheet: string | null): Promise<void> {
    const taskId = newTaskId('load');
    this.dispatch({ type: 'gridLoading', taskId });
    try {
      const { rows } = await txpApi().tableLoad({ taskId, path, ...(sheet ? { sheet } : {}) });
      if (this.state.grid.taskId === taskId) this.dispatch({ type: 'gridLoaded', rows, complete: true });
    } catch (error) {
      if (this.state.grid.taskId === taskId && !isCanceled(error)) this.dispatch({ type: 'gridFailed', message: messageOf(error) });
    }
  }

  /** Rows for the grid, from main's copy of the table. */
  rows(start: number, count: number) {
    const file = this.state.file;
    if (!file) return Promise.resolve(null);
    return txpApi()
      .tableRows({ path: file.path, ...(file.sheet ? { sheet: file.sheet } : {}), start, count })
      .catch((error: unknown) => {
        // The grid shows what it has; the failure is said once, under the grid.
        if (this.state.file?.path === file.path) this.dispatch({ type: 'gridFailed', message: messageOf(error) });
        return null;
      });
  }

  /** Changes the mapping draft; the Map screen's preview follows it (from main: the real checker and writer). */
  setMapping(mapping: MappingDraft): void {
    this.dispatch({ type: 'mapping', mapping });
    if (this.previewTimer) clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => void this.refreshPreview(), PREVIEW_DELAY_MS);
  }

  /**
   * The country for numbers without +code. While the user has not chosen columns, the columns
   * are suggested again under it: German numbers in a "Telefon" column look like phone numbers
   * only once Germany is the country.
   */
  async changeCountry(country: string): Promise<void> {
    const draft = this.state.mapping;
    const file = this.state.file;
    if (!draft || !file) return;
    this.setMapping({ ...draft, country });
    if (draft.explicit) return;
    try {
      const inspect = await txpApi().tableInspect({ path: file.path, ...(file.sheet ? { sheet: file.sheet } : {}), country, ...(draft.headerRow ? { headerRow: draft.headerRow } : {}) });
      const current = this.state.mapping;
      if (this.state.file?.path !== file.path || !current || current.explicit || current.country !== country) return;
      this.dispatch({ type: 'jobDone', job: 'inspect', value: inspect });
      this.setMapping({ ...current, mode: inspect.suggestion.mode, roles: suggestedRoles(inspect) });
    } catch (error) {
      this.report(error);
    }
  }

  /** Asks main for the first lines the current mapping would send. */
  async refreshPreview(): Promise<void> {
    this.previewTimer = null;
    const file = this.state.file;
    if (!file || !this.state.mapping) return;
    const request = planRequest(this.state);
    const key = JSON.stringify([file, request]);
    if (key === this.previewRequest && this.state.preview.status !== 'failed') return;
    this.previewRequest = key;
    this.dispatch({ type: 'jobStarted', job: 'preview', taskId: 'preview' });
    try {
      const value = await txpApi().listPreview({ path: file.path, request });
      if (this.previewRequest === key) this.dispatch({ type: 'jobDone', job: 'preview', value });
    } catch (error) {
      if (this.previewRequest === key) this.fail('preview', error);
    }
  }

  setRole(index: number, role: Role): void {
    const draft = this.state.mapping;
    if (!draft) return;
    const roles = draft.roles.map((c) => (c.index === index ? { ...c, role } : c));
    // Any change of role is a mapped (ALP) layout: Preformatted means phone first, every other column a tag.
    this.setMapping({ ...draft, roles, explicit: true, mode: 'alp' });
  }

  /** Goes back to the suggestion, ignoring a profile that was applied by itself. */
  undoProfile(): void {
    const inspect = this.state.inspect;
    const draft = this.state.mapping;
    if (inspect.status !== 'done' || !draft) return;
    this.setMapping({
      ...draft,
      mode: inspect.value.suggestion.mode,
      roles: suggestedRoles(inspect.value),
      explicit: true,
    });
    void this.check();
  }

  async changeHeaderRow(row: number): Promise<void> {
    const file = this.state.file;
    if (file) await this.openPath(file.path, file.sheet, row);
  }

  /** Checks every number under the current mapping, with progress; the Map and Check screens show the outcome. */
  async check(): Promise<void> {
    const file = this.state.file;
    if (!file) return;
    const request = JSON.stringify([file, planRequest(this.state)]);
    const previous = this.state.check;
    // The same file under the same mapping is not checked twice (a million rows take seconds).
    if (request === this.lastCheck && (previous.status === 'done' || previous.status === 'running')) return;
    this.lastCheck = request;
    if (previous.status === 'running') await this.stopTask(previous.taskId);
    const taskId = newTaskId('check');
    this.dispatch({ type: 'jobStarted', job: 'check', taskId });
    try {
      const value = await txpApi().listCheck({ taskId, path: file.path, request: planRequest(this.state) });
      if (this.state.file?.path !== file.path) return;
      this.dispatch({ type: 'jobDone', job: 'check', value });
      const draft = this.state.mapping;
      if (draft && !draft.explicit) {
        // Show what the pipeline chose (a saved profile may have applied by itself): columns by position.
        const { plan } = value;
        const phone = new Set(plan.phone.map((c) => c.index));
        const tags = new Set(plan.tags.map((c) => c.index));
        this.setMapping({
          ...draft,
          removeWhen: draft.removeWhen ?? (plan.removeWhen ? { column: plan.removeWhen.column.index, values: plan.removeWhen.values.join(', ') } : null),
          mode: plan.mode,
          leaveOutInternational: plan.international === 'leave-out',
          roles: draft.roles.map((c) => ({ ...c, role: phone.has(c.index) ? 'phone' : tags.has(c.index) ? 'tag' : plan.mode === 'preformatted' ? c.role : 'ignore' })),
        });
      }
      if (draft?.saveProfile) {
        this.setMapping({ ...draft, saveProfile: '' });
        this.notify('info', `Saved the mapping as profile “${draft.saveProfile}”. Files with the same columns will use it automatically.`);
      }
    } catch (error) {
      if (isCanceled(error) && this.state.check.status !== 'running') return;
      this.fail('check', error);
    }
  }

  /** Every problem of the checked file, in the order people fix them, as a CSV download (main writes it; no cap). */
  async exportProblemReport(): Promise<void> {
    const file = this.state.file;
    const check = this.state.check;
    if (!file || check.status !== 'done') return;
    try {
      const { csv } = await txpApi().listReport({ taskId: newTaskId('report'), path: file.path, plan: check.value.plan });
      downloadText(`${fileName(file.path).replace(/\.[^.]+$/, '')}-problems.csv`, csv, 'text/csv;charset=utf-8');
    } catch (error) {
      this.report(error);
    }
  }

  /** Replaces the check's first problems with every one of them (main lists them again in a worker: no cap). */
  async showEveryProblem(): Promise<void> {
    const file = this.state.file;
    const check = this.state.check;
    if (!file || check.status !== 'done' || !check.value.problemsTruncated) return;
    try {
      const { problems } = await txpApi().listProblems({ taskId: newTaskId('problems'), path: file.path, plan: check.value.plan });
      const now = this.state.check;
      // A check that started meanwhile (a change of mapping) has problems of its own.
      if (now.status === 'done' && now.value === check.value) this.dispatch({ type: 'jobDone', job: 'check', value: { ...check.value, problems, problemsTruncated: false } });
    } catch (error) {
      this.report(error);
    }
  }

  async cancel(job: 'check' | 'send'): Promise<void> {
    const current = this.state[job];
    if (current.status === 'running') await this.stopTask(current.taskId);
  }

  /** Stops a task of main's; a failure to stop is said (the task may still be running). */
  private async stopTask(taskId: string): Promise<void> {
    try {
      await txpApi().taskCancel({ taskId });
    } catch (error) {
      this.report(error);
    }
  }

  /**
   * Every send starts here (the Check and Send buttons, Send again, Try again): the question
   * what goes where, to which keyword. Nothing is uploaded before the user says Send in it.
   */
  askToSend(): void {
    const file = this.state.file;
    const name = this.state.activeAccount;
    const account = this.state.accounts.find((a) => a.name === name);
    if (!file || !name || !account) return;
    const check = this.state.check;
    const summary = check.status === 'done' ? check.value.summary : null;
    this.dispatch({
      type: 'confirmSend',
      confirmation: {
        account: name,
        keyword: this.state.settings.keywords[keywordKey(name, this.profileName())] ?? account.keyword ?? '',
        add: summary ? summary.written - summary.removals : null,
        remove: summary ? summary.removals : null,
        fileName: fileName(file.path),
      },
    });
  }

  cancelSend(): void {
    this.dispatch({ type: 'confirmSend', confirmation: null });
  }

  /** The user said Send, to this keyword: it is remembered for the account and these columns, then the upload starts. */
  async confirmSend(keyword: string): Promise<void> {
    const confirmation = this.state.confirmSend;
    if (!confirmation) return;
    this.dispatch({ type: 'confirmSend', confirmation: null });
    this.sendKeyword = keyword;
    const keywords = { ...this.state.settings.keywords, [keywordKey(confirmation.account, this.profileName())]: keyword };
    void this.saveSettings({ ...this.state.settings, keywords }, false);
    await this.send();
  }

  /** The saved profile the current mapping is (or '' for none): keywords are remembered per account and profile. */
  private profileName(): string {
    const check = this.state.check;
    return this.state.mapping?.saveProfile || (check.status === 'done' ? (check.value.profile?.name ?? '') : '');
  }

  /** After the confirmation: host key first (a dialog on first contact, a refusal if it changed), then upload, then results. */
  private async send(trustedNow = false): Promise<void> {
    const file = this.state.file;
    const account = this.state.activeAccount;
    const keyword = this.sendKeyword;
    if (!file || !account || !keyword) return;
    this.dispatch({ type: 'navigate', screen: 'send' });
    if (!trustedNow) {
      try {
        const key = await txpApi().accountCheckHostKey({ name: account });
        if (key.status !== 'trusted') {
          this.dispatch({ type: 'hostKey', prompt: { account, fingerprint: key.fingerprint, algorithm: key.algorithm, status: key.status, pinned: key.pinned, then: 'send' } });
          return;
        }
      } catch (error) {
        this.fail('send', error);
        return;
      }
    }
    // What is sent is the plan the check of the current mapping followed, never a second decision.
    await this.check();
    const checked = this.state.check;
    if (checked.status !== 'done') {
      if (checked.status === 'failed') this.dispatch({ type: 'jobFailed', job: 'send', code: checked.code, message: checked.message });
      return;
    }
    const plan = checked.value.plan;
    const taskId = newTaskId('send');
    this.dispatch({ type: 'jobStarted', job: 'send', taskId });
    this.dispatch({ type: 'jobReset', job: 'results' });
    try {
      const value = await txpApi().listSend({ taskId, path: file.path, plan, account, keyword });
      this.dispatch({ type: 'jobDone', job: 'send', value });
      void this.refreshHistory();
      void this.getResults({ sourceFile: file.path, plan, account, remoteName: value.remoteName, keyword });
    } catch (error) {
      this.fail('send', error);
    }
  }

  /** The user trusts the key shown (a first contact), or — `replace` — the changed key they confirmed with TextPower. */
  async trustHostKey(replace = false): Promise<void> {
    const prompt = this.state.hostKey;
    if (!prompt || (prompt.status === 'changed') !== replace) return;
    this.dispatch({ type: 'hostKey', prompt: null });
    try {
      await txpApi().accountTrustHostKey({ name: prompt.account, fingerprint: prompt.fingerprint, ...(replace ? { replaceChangedKey: true } : {}) });
      await this.refreshAccounts();
      if (prompt.then === 'send') await this.send(true);
      else await this.testAccount(prompt.account);
    } catch (error) {
      if (prompt.then === 'send') this.fail('send', error);
      else this.report(error);
    }
  }

  dismissHostKey(): void {
    const prompt = this.state.hostKey;
    this.dispatch({ type: 'hostKey', prompt: null });
    if (prompt?.status === 'changed' && prompt.then === 'send') {
      this.dispatch({
        type: 'jobFailed',
        job: 'send',
        code: 'HOST_KEY',
        message: `The server's key changed (it is now ${prompt.fingerprint}, but ${prompt.pinned ?? 'another key'} was trusted). Nothing was sent.`,
      });
    }
  }

  /**
   * Waits for an upload to be processed and fetches its results: the send just made, or one
   * from History (after a restart too: main rebuilds what was sent from the file and its plan).
   */
  async getResults(target: ResultsTarget): Promise<void> {
    const current = this.state.results;
    if (current.status === 'running') await this.stopTask(current.taskId);
    const taskId = newTaskId('results');
    this.dispatch({ type: 'resultsTarget', target });
    this.dispatch({ type: 'jobStarted', job: 'results', taskId });
    this.dispatch({ type: 'navigate', screen: 'results' });
    try {
      const value = await txpApi().listResults({
        taskId,
        path: target.sourceFile,
        plan: target.plan,
        account: target.account,
        remoteName: target.remoteName,
        ...(target.keyword !== null ? { keyword: target.keyword } : {}),
        timeoutMinutes: this.state.settings.resultsTimeoutMinutes,
      });
      this.dispatch({ type: 'jobDone', job: 'results', value });
    } catch (error) {
      // "Check later" (or another file opened) stopped it on purpose: that is not a failure.
      const results = this.state.results;
      if (isCanceled(error) && !(results.status === 'running' && results.taskId === taskId)) return;
      this.fail('results', error);
    } finally {
      void this.refreshHistory();
    }
  }

  /** Stops waiting without losing anything: the upload stays in History, which fetches its results any time. */
  async checkLater(): Promise<void> {
    const current = this.state.results;
    if (current.status !== 'running') return;
    this.dispatch({ type: 'resultsLater' });
    await this.stopTask(current.taskId);
  }

  async refreshAccounts(): Promise<void> {
    const { accounts, keychain } = await txpApi().accountList();
    this.dispatch({ type: 'accounts', accounts, keychain });
  }

  /** The user's choice of account; remembered in the settings, so it stays chosen after a restart. */
  setActiveAccount(name: string): void {
    this.dispatch({ type: 'activeAccount', name });
    if (this.state.settings.activeAccount !== name) void this.saveSettings({ ...this.state.settings, activeAccount: name }, false);
  }

  async saveAccount(request: Parameters<ReturnType<typeof txpApi>['accountSave']>[0]): Promise<boolean> {
    try {
      await txpApi().accountSave(request);
      await this.refreshAccounts();
      this.notify('info', `Saved the account “${request.name}”.${request.secret ? ' Its password is in the keychain.' : ''}`);
      return true;
    } catch (error) {
      this.report(error);
      return false;
    }
  }

  async removeAccount(name: string): Promise<void> {
    try {
      await txpApi().accountRemove({ name });
      await this.refreshAccounts();
      this.notify('info', `Removed the account “${name}” and its saved password.`);
    } catch (error) {
      this.report(error);
    }
  }

  /** "Test connection": reaches the server and compares its key with the trusted one. */
  /**
   * "Test connection": the server's key first (the question is asked here, in Settings, not in
   * the middle of a send), then a login with the saved password and a look at the upload folder.
   */
  async testAccount(name: string): Promise<void> {
    try {
      const result = await txpApi().accountTestLogin({ name });
      if (result.status === 'loggedIn') {
        this.notify('info', `Logged in to ${result.host} as ${result.user}: the password is right, and the upload folder ${result.uploadDir} is there.`);
        return;
      }
      this.dispatch({ type: 'hostKey', prompt: { account: name, fingerprint: result.fingerprint, algorithm: result.algorithm, status: result.status, pinned: result.pinned, then: 'test' } });
    } catch (error) {
      this.report(error);
    }
  }

  /** "Test web service": TextPower's GetAccountData with the account's API login; says what came back. */
  async testApi(name: string): Promise<void> {
    try {
      const result = await txpApi().accountTestApi({ name });
      const who = result.simulated ? 'The sandbox’s web service (simulated)' : 'TextPower’s web service';
      if (result.statusOperationProblem) this.notify('warning', `${who} accepted the API login, but: ${result.statusOperationProblem}`);
      else this.notify('info', `${who} accepted the API login and offers per-number status. It said: ${result.accountData}`);
    } catch (error) {
      this.report(error);
    }
  }

  /** Saves the settings; `announce` false for what the page remembers by itself (the account chosen, keywords used). */
  async saveSettings(settings: Settings, announce = true): Promise<void> {
    try {
      if (!announce) this.dispatch({ type: 'settings', settings });
      this.dispatch({ type: 'settings', settings: await txpApi().settingsSave(settings) });
      if (announce) this.notify('info', 'Settings saved.');
    } catch (error) {
      this.report(error);
    }
  }

  async refreshAutomations(): Promise<void> {
    try {
      const [{ automations, keychain }, { profiles }] = await Promise.all([txpApi().automationList(), txpApi().profileList()]);
      this.dispatch({ type: 'automation', automation: { automations, keychain, profiles: profiles.map((p) => p.name) } });
    } catch (error) {
      this.report(error);
    }
  }

  /** Saves an automation (new or changed); it starts at once in the app. True when saved. */
  async saveAutomation(request: RequestOf<'automation.save'>): Promise<boolean> {
    try {
      const saved = await txpApi().automationSave(request);
      await this.refreshAutomations();
      this.notify('info', `Saved the automation “${saved.name}”. It runs while the app is open${saved.installedWith ? ', and while it is closed' : ''}.`);
      return true;
    } catch (error) {
      this.report(error);
      return false;
    }
  }

  async removeAutomation(name: string): Promise<void> {
    try {
      await txpApi().automationRemove({ name });
      await this.refreshAutomations();
      this.notify('info', `Removed the automation “${name}”. The files in its folder stay where they are.`);
    } catch (error) {
      this.report(error);
    }
  }

  /** "Run now" (and "Send anyway" after mirror mode stopped to ask). */
  async runAutomation(name: string, approveRemovals = false): Promise<void> {
    try {
      this.notify('info', `Running “${name}”…`);
      this.announceRun(await txpApi().automationRun({ name, ...(approveRemovals ? { approveRemovals: true } : {}) }));
      await this.refreshAutomations();
    } catch (error) {
      this.report(error);
    }
  }

  /** Hands an automation to the computer's scheduler (or takes it back), so that it runs while the app is closed. */
  async scheduleAutomation(name: string, install: boolean): Promise<void> {
    try {
      if (install) {
        await txpApi().automationInstall({ name });
        this.notify('info', `“${name}” now also runs while the app is closed (the computer’s scheduler starts it).`);
      } else {
        await txpApi().automationUninstall({ name });
        this.notify('info', `“${name}” runs only while the app is open now.`);
      }
      await this.refreshAutomations();
    } catch (error) {
      this.report(error);
    }
  }

  /** What a run did, as one notice: an error when a file was not sent, else what was sent. */
  private announceRun(run: AutomationRun): void {
    const trouble = run.files.filter((f) => NOT_SENT_OUTCOMES.includes(f.outcome));
    if (run.overlapped) this.notify('warning', `“${run.automation}” is already running; this run did nothing.`);
    else if (run.files.length === 0) this.notify('info', `“${run.automation}”: no new file to send.`);
    else this.notify(trouble.length > 0 ? 'error' : 'info', `“${run.automation}”: ${run.files.map((f) => f.message).join(' ')}`);
  }

  async refreshHistory(): Promise<void> {
    try {
      this.dispatch({ type: 'history', entries: (await txpApi().historyList()).entries });
    } catch (error) {
      this.report(error);
    }
  }

  /** Shows a row of the table in the preview with the problem's cell marked (from the Check screen, which the preview then offers to go back to). */
  showRow(row: number, column: number | null = null): void {
    this.dispatch({ type: 'focusRow', row, column });
    this.dispatch({ type: 'navigate', screen: 'preview' });
  }

  /** Leaves a row out of what is sent (the file is not changed), and checks again. */
  leaveOutRow(row: number): void {
    const draft = this.state.mapping;
    if (!draft || draft.rowChanges.some((c) => c.kind === 'leave-out' && c.row === row)) return;
    this.changeRows([...draft.rowChanges, { kind: 'leave-out', row }]);
  }

  /** Sends a corrected value for one cell instead of the file's (the file is not changed), and checks again. */
  editCell(row: number, column: number, label: string, value: string, was: string): void {
    const draft = this.state.mapping;
    if (!draft || value === was) return;
    this.changeRows([...draft.rowChanges, { kind: 'edit', row, column, label, value, was }]);
  }

  /** Takes back one change (the last one by default), and checks again. */
  undoRowChange(position?: number): void {
    const draft = this.state.mapping;
    if (!draft || draft.rowChanges.length === 0) return;
    const at = position ?? draft.rowChanges.length - 1;
    this.changeRows(draft.rowChanges.filter((_, i) => i !== at));
  }

  private changeRows(rowChanges: MappingDraft['rowChanges']): void {
    const draft = this.state.mapping;
    if (!draft) return;
    this.setMapping({ ...draft, rowChanges });
    void this.check();
  }

  private remember(path: string): void {
    const recent = [path, ...this.state.recent.filter((p) => p !== path)].slice(0, RECENT_LIMIT);
    try {
      localStorage.setItem(RECENT_KEY, JSON.stringify(recent));
    } catch {
      // Private mode or a full store: the list still lives for this session.
    }
    this.dispatch({ type: 'recent', recent });
  }
}

/** Each column's suggested role, named as the pipeline names columns (header, or #N). */
function suggestedRoles(inspect: InspectResponse): MappingDraft['roles'] {
  const headers = inspect.columns.map((c) => c.header);
  return inspect.columns.map((c) => ({ index: c.index - 1, label: columnLabel(c.index - 1, headers), role: c.role, reason: c.reason }));
}

function readRecent(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string').slice(0, RECENT_LIMIT) : [];
  } catch {
    return [];
  }
}

function errorParts(error: unknown): { code: string; message: string } {
  return { code: error instanceof TxpError ? error.code : 'INTERNAL', message: messageOf(error) };
}

/** Where a keyword is remembered: per account and saved profile. */
function keywordKey(account: string, profile: string): string {
  return `${account}\n${profile}`;
}

function isCanceled(error: unknown): boolean {
  return error instanceof TxpError && error.code === 'CANCELED';
}
