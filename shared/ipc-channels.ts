/**
 * The names of the IPC channels, kept free of any library so that the preload (which runs
 * in a sandbox and should stay tiny) can import them. Schemas live in `ipc-contract.ts`.
 */
export const REQUEST_CHANNELS = [
  'app.info',
  'dialog.openFile',
  'table.inspect',
  'table.load',
  'table.rows',
  'list.preview',
  'list.check',
  'list.report',
  'list.problems',
  'list.send',
  'list.results',
  'task.cancel',
  'account.list',
  'account.save',
  'account.remove',
  'account.checkHostKey',
  'account.trustHostKey',
  'account.testApi',
  'account.testLogin',
  'history.list',
  'settings.get',
  'settings.save',
  'profile.list',
  'automation.list',
  'automation.save',
  'automation.remove',
  'automation.run',
  'automation.install',
  'automation.uninstall',
] as const;

export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

/** The single channel on which main sends events (progress, status, menu actions) to the page. */
export const EVENT_CHANNEL = 'txp:event';

/**
 * The preload's own channel, not one the page can call: it tells main the path of a File the
 * user dropped or picked on the page, read by webUtils from the File itself, so that the page
 * may have it read. The page names files by path; main reads only those the user picked.
 */
export const FILE_PICKED_CHANNEL = 'txp:file-picked';

/** `app.info` → `appInfo`, `dialog.openFile` → `dialogOpenFile`: the API method of a channel. */
export type MethodName<C extends string> = C extends `${infer Head}.${infer Tail}` ? `${Head}${Capitalize<MethodName<Tail>>}` : C;

export function methodName<C extends string>(channel: C): MethodName<C> {
  return channel.replace(/\.(\w)/g, (_, letter: string) => letter.toUpperCase()) as MethodName<C>;
}

/** The name under which the preload (or the browser harness) exposes the API on `window`. */
export const API_GLOBAL = 'txp';
