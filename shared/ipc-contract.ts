/**
 * The one IPC contract between the page and main (STYLE.md habit 2). Every request channel
 * has a request schema and a response schema; every event has a payload schema. Both sides
 * are typed from here, and every payload is validated where it arrives: requests in main
 * (Electron IPC and the loopback bridge alike), responses and events in the page.
 */
import { z } from 'zod';
import { accountSchema, apiAccessSchema } from './accounts/account';
import { listPlanSchema, planColumnSchema, planRequestSchema } from './mapping/list-plan';
import { LIST_MODES } from './mapping/suggest-mapping';
import { OPT_STATES, STATUS_SOURCES } from './results/opt-status';
import { KEYWORD_PATTERN } from './accounts/keyword';
import { automationSchema } from './accounts/automation';
import { ERROR_CODES, type TxpErrorData } from './txp-error';
import { EVENT_CHANNEL, REQUEST_CHANNELS, type MethodName, type RequestChannel } from './ipc-channels';

export { EVENT_CHANNEL, REQUEST_CHANNELS, type RequestChannel };

export const appInfoSchema = z.object({
  name: z.string(),
  productName: z.string(),
  version: z.string(),
  platform: z.string(),
  /** `electron` in the desktop app, `browser` in the loopback harness. */
  shell: z.enum(['electron', 'browser']),
  versions: z.object({ node: z.string(), electron: z.string().nullable(), chrome: z.string().nullable() }),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const openFileRequestSchema = z
  .object({
    title: z.string().max(200).optional(),
  })
  .strict();

export const openFileResponseSchema = z.discriminatedUnion('canceled', [z.object({ canceled: z.literal(true) }), z.object({ canceled: z.literal(false), path: z.string().min(1).max(4096) })]);
export type OpenFileResponse = z.infer<typeof openFileResponseSchema>;

const pathSchema = z.string().min(1).max(4096);
const taskIdSchema = z.string().regex(/^[\w.-]{1,64}$/);

export const inspectRequestSchema = z
  .object({ path: pathSchema, sheet: z.string().max(300).optional(), country: z.string().length(2).optional(), headerRow: z.number().int().positive().optional() })
  .strict();

export const inspectResponseSchema = z.object({
  file: z.string(),
  format: z.enum(['csv', 'tsv', 'txt', 'xlsx', 'xlsm', 'xlsb', 'xls', 'ods', 'fods', 'numbers', 'html', 'sylk', 'dif']),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  sheets: z.array(z.string()),
  sheet: z.string().nullable(),
  headerRow: z.number().int().positive().nullable(),
  columns: z.array(z.object({ index: z.number().int().positive(), header: z.string(), samples: z.array(z.string()), role: z.enum(['phone', 'tag', 'ignore']), reason: z.string() })),
  /** Suggested columns by position (0-based `index`, as in the list plan; `columns[].index` above is 1-based, as people count). */
  suggestion: z.object({
    mode: z.enum(LIST_MODES),
    phone: z.array(planColumnSchema),
    tags: z.array(planColumnSchema),
    /** The column that records who said no to texts, if one is named so: its rows' numbers go as removals unless the user says otherwise. */
    removeWhen: z.object({ column: planColumnSchema, values: z.array(z.string()), reason: z.string() }).nullable(),
    /** Most sampled numbers fail under the country asked but pass under this one (samples checked under each). */
    countryHint: z.object({ code: z.string(), valid: z.number(), total: z.number(), validHere: z.number() }).nullable(),
  }),
  /** The first rows of the table, for the preview grid. */
  preview: z.array(z.array(z.string())),
});
export type InspectResponse = z.infer<typeof inspectResponseSchema>;

export const checkRequestSchema = z.object({ taskId: taskIdSchema, path: pathSchema, request: planRequestSchema }).strict();

const countsSchema = z.record(z.string(), z.number().int().nonnegative());

/** A problem of one cell (see shared/check/list-checker.ts Problem). */
const problemSchema = z.object({ row: z.number(), column: z.string(), index: z.number().int().nonnegative(), value: z.string(), reason: z.string(), detail: z.string(), who: z.string().optional() });

export const checkResponseSchema = z.object({
  file: z.string(),
  sheet: z.string().nullable(),
  headerRow: z.number().int().positive().nullable(),
  /** The plan the check followed: what a send of this file under this request sends. */
  plan: listPlanSchema,
  profile: z.object({ name: z.string(), automatic: z.boolean() }).nullable(),
  summary: z.object({
    rows: z.number(),
    numbers: z.number(),
    valid: z.number(),
    invalid: z.number(),
    duplicates: z.number(),
    removals: z.number(),
    written: z.number(),
    invalidReasons: countsSchema,
    lineTypes: countsSchema,
    extensionsRemoved: z.number(),
    international: z.number(),
    internationalLeftOut: z.number(),
    repaired: z.number(),
    tagsChanged: z.number(),
    tagsDigitLeading: z.number(),
    summaryRowsSkipped: z.number(),
    rowsLeftOut: z.number(),
    cellsEdited: z.number(),
  }),
  /** The first problems found (row, column, value, reason), up to a limit. */
  problems: z.array(problemSchema),
  problemsTruncated: z.boolean(),
});
export type CheckResponse = z.infer<typeof checkResponseSchema>;

const accountNameSchema = z.string().regex(/^[\w .-]{1,64}$/);

/** An account as the page sees it: never a secret, only whether one is saved. */
export const accountViewSchema = accountSchema.extend({ hasSecret: z.boolean(), hasApiSecret: z.boolean(), keychainLocked: z.boolean() });

export const accountSaveSchema = z
  .object({
    name: accountNameSchema,
    user: z.string().min(1).max(100),
    host: z.string().min(1).max(255).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    keyFile: z.string().max(4096).nullable().optional(),
    uploadDir: z.string().min(1).max(1024).optional(),
    resultsDir: z.string().min(1).max(1024).optional(),
    keyword: z.string().max(100).nullable().optional(),
    /** A new password or key passphrase: it goes to the OS keychain and is never sent back. */
    secret: z.string().max(1024).optional(),
    /** TextPower web-service access (null: none). */
    api: apiAccessSchema.nullable().optional(),
    /** A new API password: to the keychain, never sent back. */
    apiSecret: z.string().max(1024).optional(),
  })
  .strict();

export const sendResponseSchema = z.object({
  remoteName: z.string(),
  remotePath: z.string(),
  bytes: z.number(),
  numbers: z.number(),
  seconds: z.number(),
  attempts: z.number(),
});

/** The app's own settings, kept in the config folder beside accounts and profiles. */
export const settingsSchema = z
  .object({
    /** Default country for numbers without a +country prefix (ISO 3166 alpha-2). */
    country: z.string().regex(/^[A-Z]{2}$/),
    /** How numbers are written in the Preformatted file. */
    phoneFormat: z.enum(['e164', 'national']),
    /** How long to wait for TextPower to process an upload (it leaves the drop folder) before saying "not confirmed yet". */
    resultsTimeoutMinutes: z.number().int().min(1).max(240),
    /** The account the user chose last: it stays chosen across restarts (null: none chosen yet). */
    activeAccount: z.string().max(100).nullable(),
    /** The keyword last confirmed, by "ACCOUNT\nPROFILE" (PROFILE empty for no saved profile). */
    keywords: z.record(z.string().max(300), z.string().regex(KEYWORD_PATTERN)),
  })
  .strict();
export type Settings = z.infer<typeof settingsSchema>;

/** What the last results run of an upload found: counts only, never a number. */
export const resultsSummarySchema = z.object({
  checkedAt: z.string(),
  processed: z.boolean(),
  processedAt: z.string().nullable(),
  statusSource: z.enum(STATUS_SOURCES),
  optStatus: countsSchema,
  lineTypes: countsSchema,
});
export type ResultsSummary = z.infer<typeof resultsSummarySchema>;

export const historyEntrySchema = z.object({
  time: z.string(),
  account: z.string(),
  remoteName: z.string(),
  sourceFile: z.string(),
  keyword: z.string().nullable(),
  bytes: z.number(),
  numbers: z.number(),
  outcome: z.enum(['uploaded', 'failed', 'cancelled']),
  error: z.string().optional(),
  /** Where the source file is, and the plan the upload followed (columns by position; no data): its results can be fetched again later, joined to the same rows. Older entries have neither. */
  sourcePath: z.string().optional(),
  plan: listPlanSchema.optional(),
  /** The automation that ran this upload (Settings › Automation, `txp watch`); absent for one sent by hand. */
  automation: z.string().optional(),
  /** Numbers mirror mode sent as removals because they left the export since its last run. */
  mirrorRemovals: z.number().optional(),
});
const historyViewSchema = historyEntrySchema.extend({ results: resultsSummarySchema.optional() });
export type HistoryEntryView = z.infer<typeof historyViewSchema>;

/** An automation as the page edits it: the app sets when it was made and whether it is installed. */
const automationInputSchema = automationSchema.omit({ createdAt: true, installedWith: true }).strict();
const automationViewSchema = automationSchema.extend({
  lastRun: z.object({ time: z.string(), file: z.string(), outcome: z.enum(['uploaded', 'failed', 'cancelled']), error: z.string().nullable() }).nullable(),
  active: z.boolean(),
});
export type AutomationView = z.infer<typeof automationViewSchema>;
/** What one run of an automation did, file by file, in people's words. */
export const automationRunSchema = z.object({
  automation: z.string(),
  overlapped: z.boolean(),
  files: z.array(z.object({ file: z.string(), outcome: z.enum(['sent', 'failed', 'retry', 'stopped', 'waiting', 'skipped']), message: z.string() })),
});
export type AutomationRun = z.infer<typeof automationRunSchema>;
const automationNameSchema = z.object({ name: z.string().min(1).max(60) }).strict();

/** Request channels: channel → { request, response }. */
export const ipcContract = {
  /** Name, version and platform of the running app; proves the whole IPC path works. */
  'app.info': { request: z.undefined(), response: appInfoSchema },
  /** Asks the user for a file to open (native dialog in the app). Never returns file contents. */
  'dialog.openFile': { request: openFileRequestSchema.optional(), response: openFileResponseSchema },
  /** Opens a file and describes it: format, sheets, header row, columns, suggested mapping, first rows. Runs in a worker. */
  'table.inspect': { request: inspectRequestSchema, response: inspectResponseSchema },
  /**
   * Reads every row of a table in a worker and keeps them in main for `table.rows` (one table
   * at a time). `progress` events (phase "load", done = rows so far) let the grid grow while it streams.
   */
  'table.load': {
    request: z.object({ taskId: taskIdSchema, path: pathSchema, sheet: z.string().max(300).optional() }).strict(),
    response: z.object({ rows: z.number().int().nonnegative(), columns: z.number().int().nonnegative() }),
  },
  /** A window of the rows `table.load` has read so far (also while it is still reading). */
  'table.rows': {
    request: z.object({ path: pathSchema, sheet: z.string().max(300).optional(), start: z.number().int().nonnegative(), count: z.number().int().min(1).max(1000) }).strict(),
    response: z.object({ start: z.number(), rows: z.array(z.array(z.string())), loaded: z.number(), complete: z.boolean() }),
  },
  /**
   * The first lines of the file a plan request would send (the Map screen's live preview): the
   * plan is made as `list.check` makes it, and the table's first rows go through the same
   * checker and writer as the file sent. Runs in a worker.
   */
  'list.preview': {
    request: z.object({ path: pathSchema, request: planRequestSchema }).strict(),
    response: z.object({ plan: listPlanSchema, lines: z.array(z.string()), more: z.boolean() }),
  },
  /** Checks every number of a file under a plan request. Runs in a worker; sends `progress` events under its taskId; cancellable. */
  'list.check': { request: checkRequestSchema, response: checkResponseSchema },
  /** Every problem of the file under the plan the page checked, as the CSV report people open (no cap). Runs in a worker; cancellable. */
  'list.report': {
    request: z.object({ taskId: taskIdSchema, path: pathSchema, plan: listPlanSchema }).strict(),
    response: z.object({ csv: z.string(), problems: z.number().int().nonnegative() }),
  },
  /** Every problem of the file under the plan the page checked, in the order people fix them (the page's full list: no cap). Runs in a worker; cancellable. */
  'list.problems': {
    request: z.object({ taskId: taskIdSchema, path: pathSchema, plan: listPlanSchema }).strict(),
    response: z.object({ problems: z.array(problemSchema) }),
  },
  /** Checks, converts and uploads a file to an account, under the plan the page checked (nothing is decided again). Runs in a worker; `progress` events (phase check, then upload in bytes); cancellable. */
  'list.send': {
    request: z.object({ taskId: taskIdSchema, path: pathSchema, plan: listPlanSchema, account: accountNameSchema, keyword: z.string().max(100).nullable().optional() }).strict(),
    response: sendResponseSchema,
  },
  /**
   * Waits for the results of an upload (progress events in phase "wait"), fetches them, removes
   * them from the server, and joins them to the rows of the source file. Runs in a worker; cancellable.
   */
  'list.results': {
    request: z
      .object({
        taskId: taskIdSchema,
        path: pathSchema,
        plan: listPlanSchema,
        account: accountNameSchema,
        remoteName: z.string().regex(/^[\w.-]{1,200}$/),
        /** The keyword the upload went to (the list whose status is asked); the account's when absent. */
        keyword: z.string().max(100).nullable().optional(),
        timeoutMinutes: z.number().int().min(1).max(240).optional(),
      })
      .strict(),
    response: z.object({
      /** Results from the built-in sandbox are simulated, and the page says so. */
      simulated: z.boolean(),
      /** TextPower's documented sign: the upload left the drop folder. Not confirmed is not a failure. */
      processed: z.discriminatedUnion('processed', [z.object({ processed: z.literal(true), at: z.string() }), z.object({ processed: z.literal(false), waitedSeconds: z.number() })]),
      /** Where the per-number opt status came from; 'none' with a note saying why. */
      statusSource: z.enum(STATUS_SOURCES),
      statusNote: z.string().nullable(),
      counts: z.object({ lineTypes: countsSchema, optStatus: countsSchema, details: countsSchema, sources: countsSchema }),
      numbers: z.array(
        z.object({
          row: z.number(),
          column: z.string(),
          value: z.string(),
          phone: z.string().nullable(),
          lineType: z.enum(['mobile', 'invalid', 'unknown']),
          optStatus: z.enum(OPT_STATES),
          source: z.enum(STATUS_SOURCES),
          detail: z.string(),
          /** Whose number it is (the row's name, e-mail or record id columns); it never leaves this machine. */
          who: z.string(),
        }),
      ),
      numbersTruncated: z.boolean(),
    }),
  },
  /** Accounts, and whether the OS keychain keeps secrets across restarts. */
  'account.list': {
    request: z.undefined(),
    response: z.object({ accounts: z.array(accountViewSchema), keychain: z.object({ kind: z.enum(['keychain', 'session']), warning: z.string().nullable() }) }),
  },
  /** Adds or edits an account; a given secret goes to the keychain. */
  'account.save': { request: accountSaveSchema, response: accountViewSchema },
  /** Removes an account and its saved secret. */
  'account.remove': { request: z.object({ name: accountNameSchema }).strict(), response: z.object({ removed: z.literal(true) }) },
  /** Looks at the server's host key: new, trusted, or changed since it was trusted. Sends nothing else. */
  'account.checkHostKey': {
    request: z.object({ name: accountNameSchema }).strict(),
    response: z.object({ fingerprint: z.string(), algorithm: z.string(), pinned: z.string().nullable(), status: z.enum(['new', 'trusted', 'changed']) }),
  },
  /** Calls TextPower's GetAccountData with the account's API login and says what came back, and whether the status operation is in the WSDL. */
  'account.testApi': {
    request: z.object({ name: accountNameSchema }).strict(),
    response: z.object({ accountData: z.string(), statusOperationProblem: z.string().nullable(), simulated: z.boolean() }),
  },
  /** Trusts the key the server shows, if it is this fingerprint. A changed key is refused here. */
  'account.trustHostKey': {
    request: z
      .object({
        name: accountNameSchema,
        fingerprint: z.string().max(100),
        /** A changed key is replaced only when the user confirmed the new one with TextPower (and pasted it to compare). */
        replaceChangedKey: z.boolean().optional(),
      })
      .strict(),
    response: accountViewSchema,
  },
  /**
   * "Test connection": the server's key first (new or changed: the page asks), then a login
   * with the saved password and a look at the upload folder. A wrong password fails here (AUTH).
   */
  'account.testLogin': {
    request: z.object({ name: accountNameSchema }).strict(),
    response: z.discriminatedUnion('status', [
      z.object({ status: z.literal('loggedIn'), host: z.string(), user: z.string(), uploadDir: z.string() }),
      z.object({ status: z.enum(['new', 'changed']), fingerprint: z.string(), algorithm: z.string(), pinned: z.string().nullable() }),
    ]),
  },
  /** Past uploads, newest first: metadata and counts only, never a number. */
  'history.list': { request: z.undefined(), response: z.object({ entries: z.array(historyViewSchema) }) },
  /** The app's settings (defaults until saved). */
  'settings.get': { request: z.undefined(), response: settingsSchema },
  /** Saves the app's settings (atomically). */
  'settings.save': { request: settingsSchema, response: settingsSchema },
  /** The saved profiles (field maps), by name: what an automation applies. */
  'profile.list': { request: z.undefined(), response: z.object({ profiles: z.array(z.object({ name: z.string(), headers: z.array(z.string()), savedAt: z.string() })) }) },
  /** The saved automations, each with its last run (from History) and whether it runs in this app now. */
  'automation.list': { request: z.undefined(), response: z.object({ automations: z.array(automationViewSchema), keychain: z.enum(['keychain', 'session']) }) },
  /** Adds or replaces one (its profile and account must exist), and starts it in this app. */
  'automation.save': { request: automationInputSchema, response: automationViewSchema },
  /** Stops one, removes its OS task if it had one, and forgets it; its folder's files stay. */
  'automation.remove': { request: automationNameSchema, response: z.object({ removed: z.literal(true) }) },
  /** Runs one now; `approveRemovals`: mirror mode may remove more than its share this once (the user looked). */
  'automation.run': { request: z.object({ name: z.string().min(1).max(60), approveRemovals: z.boolean().optional() }).strict(), response: automationRunSchema },
  /** Registers one with the OS scheduler (it then runs while the app is closed too). */
  'automation.install': { request: automationNameSchema, response: z.object({ scheduler: z.enum(['windows', 'launchd', 'systemd', 'cron']) }) },
  'automation.uninstall': { request: automationNameSchema, response: z.object({ uninstalled: z.literal(true) }) },
  /** Cancels a running task (its request then fails with code CANCELED). */
  'task.cancel': { request: z.object({ taskId: taskIdSchema }).strict(), response: z.object({ canceled: z.boolean() }) },
} as const satisfies Record<RequestChannel, { request: z.ZodType; response: z.ZodType }>;

export type IpcContract = typeof ipcContract;
export type RequestOf<C extends RequestChannel> = z.input<IpcContract[C]['request']>;
export type ParsedRequestOf<C extends RequestChannel> = z.output<IpcContract[C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.output<IpcContract[C]['response']>;

/** Events main sends to the page: name → payload schema. */
export const ipcEvents = {
  /** Progress of a long task (parsing, checking, transfer). `total` is null while unknown. */
  progress: z.object({
    taskId: z.string(),
    phase: z.string(),
    done: z.number().nonnegative(),
    total: z.number().nonnegative().nullable(),
    message: z.string().optional(),
  }),
  /** A status line for the user (e.g. "Connected to the sandbox"). */
  status: z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() }),
  /** The user chose File › Open… in the menu and picked this file. */
  'menu.fileOpened': z.object({ path: z.string() }),
  /** An automation ran by itself (a watched folder, its daily time): what became of each file. */
  'automation.ran': automationRunSchema,
} as const;

export type IpcEvents = typeof ipcEvents;
export type EventName = keyof IpcEvents;
export type EventPayload<E extends EventName> = z.output<IpcEvents[E]>;
export type EventMessage = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

export const eventMessageSchema = z.union(
  (Object.keys(ipcEvents) as EventName[]).map((name) => z.object({ name: z.literal(name), payload: ipcEvents[name] })) as unknown as readonly [z.ZodType<EventMessage>, ...z.ZodType<EventMessage>[]],
);

export const txpErrorDataSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string() });

/** Every response crosses the boundary in this envelope, so typed errors survive the trip. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: TxpErrorData };

export const envelopeSchema = z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: txpErrorDataSchema })]);

/**
 * What the preload exposes as `window.txp`: one method per request channel, each returning
 * the raw envelope, plus one subscription for events. The page's own API module unwraps it.
 */
export type RawTxpApi = {
  [C in RequestChannel as MethodName<C>]: (request?: RequestOf<C>) => Promise<Envelope<unknown>>;
} & {
  onEvent(listener: (message: unknown) => void): () => void;
  /**
   * The path of a file the user dropped or picked on the page (a DOM File, typed unknown here
   * because shared/ sees no DOM): the file's own path in the app, a private copy in a browser.
   */
  fileToPath(file: unknown): Promise<Envelope<unknown>>;
};

/** The typed API the page's code uses: validated responses, thrown TxpErrors. */
export type TxpApi = {
  [C in RequestChannel as MethodName<C>]: undefined extends RequestOf<C> ? (request?: RequestOf<C>) => Promise<ResponseOf<C>> : (request: RequestOf<C>) => Promise<ResponseOf<C>>;
} & {
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  fileToPath(file: unknown): Promise<string>;
};
