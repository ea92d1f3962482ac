import { APP_NAME, APP_VERSION, PRODUCT_NAME } from '../app-meta';
import type { ApiDependencies, ApiHandlers, HandlerContext } from './api-handlers';
import type { TaskProgress } from '../jobs/pipeline-tasks';
import { problemReportCsv } from '../writing/preformatted-file';
import { SANDBOX_ACCOUNT } from '../sending/account-service';
import { TableRows } from '../reading/table-rows';
import { readHistory } from '../sending/upload-history';
import { readSettings, saveSettings } from '../config/settings-store';
import { withoutUndefined } from '../../shared/without-undefined';
import { TxpError } from '../../shared/txp-error';
import { TextPowerApi } from '../results/textpower-api';
import { readResultsSummaries } from '../results/results-summaries';
import type { SendRecordData } from '../checking/send-record';
import { runView } from '../automation/run-automation';

/** The History screen shows at most this many past uploads. */
const HISTORY_LIMIT = 500;

/** Send records kept for their results (each some 18 bytes a number). */
const SEND_RECORDS_KEPT = 4;

/** Wires the services behind each request channel. Handlers stay a few lines each. */
export function createApiHandlers(deps: ApiDependencies): ApiHandlers {
  const tableRows = new TableRows();
  /** What each recent send did with each number, by remote name: its results are joined to it (kept in memory only). */
  const sendRecords = new Map<string, SendRecordData>();
  return {
    'app.info': async () => ({
      name: APP_NAME,
      productName: PRODUCT_NAME,
      version: APP_VERSION,
      platform: process.platform,
      shell: deps.runtime.shell,
      versions: {
        node: process.versions.node,
        electron: deps.runtime.electronVersion,
        chrome: deps.runtime.chromeVersion,
      },
    }),
    'dialog.openFile': async (request) => {
      const path = await deps.dialog.chooseFile({ ...(request?.title ? { title: request.title } : {}) });
      if (path !== null) await deps.files.grant(path);
      return path === null ? { canceled: true } : { canceled: false, path };
    },
    // Every request that names a file reads it only if the user picked it (or sent it before).
    'table.inspect': async (request) => (await deps.files.check(request.path), deps.pipeline.inspect(withoutUndefined(request))),
    'table.load': async ({ taskId, path, sheet }, context) => {
      await deps.files.check(path);
      tableRows.begin(path, sheet);
      const loading = workerTask(deps, taskId, context, (progress) =>
        deps.pipeline.load(taskId, { path, ...(sheet !== undefined ? { sheet } : {}) }, progress, (rows) => tableRows.add(path, sheet, rows)),
      );
      return loading.then(
        (value) => (tableRows.finish(path, sheet, true), value),
        (error: unknown) => {
          tableRows.finish(path, sheet, false);
          throw error;
        },
      );
    },
    'table.rows': async ({ path, sheet, start, count }) => (await deps.files.check(path), tableRows.window(path, sheet, start, count)),
    'list.preview': async ({ path, request }) => (await deps.files.check(path), deps.pipeline.preview({ path, request: withoutUndefined(request), configDir: deps.configDir })),
    'list.check': async ({ taskId, path, request }, context) => (
      await deps.files.check(path),
      workerTask(deps, taskId, context, (progress) => deps.pipeline.check(taskId, { path, request: withoutUndefined(request), configDir: deps.configDir }, progress))
    ),
    'list.report': async ({ taskId, path, plan }, context) => {
      await deps.files.check(path);
      const { problems } = await workerTask(deps, taskId, context, (progress) => deps.pipeline.report(taskId, { path, plan }, progress));
      return { csv: problemReportCsv(problems), problems: problems.length };
    },
    'list.problems': async ({ taskId, path, plan }, context) => (await deps.files.check(path), workerTask(deps, taskId, context, (progress) => deps.pipeline.report(taskId, { path, plan }, progress))),
    'list.send': async ({ taskId, path, plan, account: name, keyword }, context) => {
      await deps.files.check(path);
      const { account, secret } = await accountWithSecret(deps, name);
      const { record, ...sent } = await workerTask(deps, taskId, context, (progress) =>
        deps.pipeline.send(taskId, { path, plan, account, secret, keyword: keyword ?? account.keyword, configDir: deps.configDir }, progress),
      );
      sendRecords.set(sent.remoteName, record);
      keepNewest(sendRecords, SEND_RECORDS_KEPT);
      return sent;
    },
    'list.results': async ({ taskId, path, plan, account: name, remoteName, keyword, timeoutMinutes }, context) => {
      await deps.files.check(path);
      const { account, secret } = await accountWithSecret(deps, name);
      const apiPassword = await deps.accounts.apiSecret(account);
      const simulated = account.name === SANDBOX_ACCOUNT;
      const timeout = timeoutMinutes === undefined ? {} : { timeoutMs: timeoutMinutes * 60_000 };
      const record = sendRecords.get(remoteName) ?? null;
      return workerTask(deps, taskId, context, (progress) =>
        deps.pipeline.results(
          taskId,
          { path, plan, record, account, secret, apiPassword, configDir: deps.configDir, remoteName, keyword: keyword ?? account.keyword, simulated, ...timeout },
          progress,
        ),
      );
    },
    'history.list': async () => {
      const [entries, summaryOf] = await Promise.all([readHistory(deps.configDir), readResultsSummaries(deps.configDir)]);
      return {
        entries: entries
          .reverse()
          .slice(0, HISTORY_LIMIT)
          .map((entry) => {
            const results = entry.outcome === 'uploaded' ? summaryOf(entry) : undefined;
            return results ? { ...entry, results } : entry;
          }),
      };
    },
    'settings.get': () => readSettings(deps.configDir),
    'settings.save': (settings) => saveSettings(deps.configDir, settings),
    'task.cancel': async ({ taskId }) => ({ canceled: await deps.pipeline.cancel(taskId) }),
    'profile.list': async () => ({ profiles: (await deps.automations.profiles()).map((p) => ({ name: p.name, headers: p.headers, savedAt: p.savedAt })) }),
    'automation.list': async () => ({ automations: await deps.automations.list(), keychain: deps.accounts.secrets.kind }),
    'automation.save': async (request) => {
      const previous = (await deps.automations.store.list()).find((a) => a.name.toLowerCase() === request.name.toLowerCase());
      const saved = await deps.automations.save({ ...withoutUndefined(request), createdAt: previous?.createdAt ?? new Date().toISOString() });
      return (await deps.automations.list()).find((a) => a.name === saved.name) ?? { ...saved, lastRun: null, active: false };
    },
    'automation.remove': async ({ name }) => (await deps.automations.remove(name), { removed: true as const }),
    'automation.run': async ({ name, approveRemovals }) => runView(await deps.automations.runNow(name, approveRemovals === true)),
    'automation.install': async ({ name }) => ({ scheduler: await deps.automations.install(name) }),
    'automation.uninstall': async ({ name }) => (await deps.automations.uninstall(name), { uninstalled: true as const }),
    'account.list': async () => ({ accounts: await deps.accounts.list(), keychain: { kind: deps.accounts.secrets.kind, warning: deps.accounts.secrets.warning } }),
    'account.save': (request) => deps.accounts.save(withoutUndefined(request)),
    'account.remove': async ({ name }) => {
      await deps.accounts.remove(name);
      return { removed: true as const };
    },
    'account.checkHostKey': async ({ name }) => {
      const { account, seen, status } = await deps.accounts.checkHostKey(name);
      return { fingerprint: seen.fingerprint, algorithm: seen.algorithm, pinned: account.hostKey?.fingerprint ?? null, status };
    },
    'account.trustHostKey': ({ name, fingerprint, replaceChangedKey }) => deps.accounts.trustHostKey(name, fingerprint, replaceChangedKey ? { replaceChangedKey } : {}),
    'account.testLogin': ({ name }) => deps.accounts.testLogin(name),
    'account.testApi': async ({ name }) => {
      const account = await deps.accounts.store.get(name);
      if (!account.api) throw new TxpError('USAGE', `The account “${name}” has no TextPower web-service access set up. Add the API user id, campaign and password in its settings.`);
      const password = await deps.accounts.apiSecret(account);
      if (!password) throw new TxpError('AUTH', `No API password is saved for the account “${name}”. Add it in its settings.`);
      const api = await TextPowerApi.connect({ access: account.api, password, keyword: account.keyword });
      return { accountData: await api.accountData(), statusOperationProblem: api.statusOperationProblem(), simulated: account.name === SANDBOX_ACCOUNT };
    },
  };
}

/**
 * A task in a worker, tied to the request: its progress goes to the page as events under its
 * id, and it is cancelled if the page goes away.
 */
function workerTask<T>(deps: ApiDependencies, taskId: string, context: HandlerContext, start: (progress: (p: TaskProgress) => void) => Promise<T>): Promise<T> {
  const cancelOnAbort = (): void => void deps.pipeline.cancel(taskId);
  context.signal.addEventListener('abort', cancelOnAbort, { once: true });
  return start((p) => context.emit('progress', { taskId, ...p })).finally(() => context.signal.removeEventListener('abort', cancelOnAbort));
}

/** An account and its saved secret (read here in main; it goes to the worker, never to the page). */
async function accountWithSecret(deps: ApiDependencies, name: string) {
  const account = await deps.accounts.store.get(name);
  return { account, secret: await deps.accounts.secrets.get(account.name) };
}

/** Forgets the oldest entries of a map (in insertion order) beyond `count`. */
function keepNewest(map: Map<string, unknown>, count: number): void {
  for (const key of map.keys()) {
    if (map.size <= count) return;
    map.delete(key);
  }
}
