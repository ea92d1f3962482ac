/**
 * The one IPC contract between the page and main (STYLE.md habit 2). Every request channel
 * has a request schema and a response schema; every event has a payload schema. Both sides
 * are typed from here, and every payload is validated where it arrives: requests in main
 * (Electron IPC and the loopback bridge alike), responses and events in the page.
 */
import { z } from 'zod';
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

export const openFileResponseSchema = z.discriminatedUnion('canceled', [
  z.object({ canceled: z.literal(true) }),
  z.object({ canceled: z.literal(false), path: z.string().min(1).max(4096) }),
]);
export type OpenFileResponse = z.infer<typeof openFileResponseSchema>;

/** Request channels: channel → { request, response }. */
export const ipcContract = {
  /** Name, version and platform of the running app; proves the whole IPC path works. */
  'app.info': { request: z.undefined(), response: appInfoSchema },
  /** Asks the user for a file to open (native dialog in the app). Never returns file contents. */
  'dialog.openFile': { request: openFileRequestSchema.optional(), response: openFileResponseSchema },
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
} as const;

export type IpcEvents = typeof ipcEvents;
export type EventName = keyof IpcEvents;
export type EventPayload<E extends EventName> = z.output<IpcEvents[E]>;
export type EventMessage = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

export const eventMessageSchema = z.union(
  (Object.keys(ipcEvents) as EventName[]).map((name) =>
    z.object({ name: z.literal(name), payload: ipcEvents[name] }),
  ) as unknown as readonly [z.ZodType<EventMessage>, ...z.ZodType<EventMessage>[]],
);

export const txpErrorDataSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string() });

/** Every response crosses the boundary in this envelope, so typed errors survive the trip. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: TxpErrorData };

export const envelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: txpErrorDataSchema }),
]);

/**
 * What the preload exposes as `window.txp`: one method per request channel, each returning
 * the raw envelope, plus one subscription for events. The page's own API module unwraps it.
 */
export type RawTxpApi = {
  [C in RequestChannel as MethodName<C>]: (request?: RequestOf<C>) => Promise<Envelope<unknown>>;
} & {
  onEvent(listener: (message: unknown) => void): () => void;
};

/** The typed API the page's code uses: validated responses, thrown TxpErrors. */
export type TxpApi = {
  [C in RequestChannel as MethodName<C>]: undefined extends RequestOf<C>
    ? (request?: RequestOf<C>) => Promise<ResponseOf<C>>
    : (request: RequestOf<C>) => Promise<ResponseOf<C>>;
} & {
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
};
