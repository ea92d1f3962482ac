/**
 * What a person can do about each kind of error, in plain words: one table for every place
 * that shows errors to people (the page's error funnel; the CLI's own messages name their
 * options). The error's message says what happened; this says what to do next.
 */
import type { ErrorCode } from './txp-error';

export const ERROR_ADVICE: Record<ErrorCode, string | null> = {
  USAGE: null,
  INPUT: 'Check the file and its columns, or choose another file. Files can be CSV, TSV, TXT, XLSX, XLSM, XLSB, XLS, ODS, Numbers or an HTML table saved by a CRM.',
  NOTHING_TO_SEND: 'Check the phone column and the country on the Map screen, or choose another export: nothing was sent.',
  NEEDS_APPROVAL: 'Check that the export is complete. If it is, allow a larger share of removals for this automation and run it again; nothing was sent.',
  TRANSFER: 'Check the internet connection and the account’s host in Settings › Accounts, then try again. Nothing incomplete was left under the final name.',
  AUTH: 'Check the SFTP user id and password in Settings › Accounts.',
  HOST_KEY: 'Ask TextPower whether the server key changed. Nothing was sent.',
  CANCELED: null,
  INVALID_PAYLOAD: 'This is a fault in the app, not in your file: please report it.',
  UNTRUSTED_SENDER: 'This is a fault in the app, not in your file: please report it.',
  UNAVAILABLE: null,
  INTERNAL: 'This is a fault in the app, not in your file: please report it with what you were doing.',
};

/** Where the fix usually is, for a button beside the advice: the account's settings, or another file. */
export type ErrorAction = 'settings' | 'file';

export const ERROR_ACTION: Record<ErrorCode, ErrorAction | null> = {
  USAGE: null,
  INPUT: 'file',
  NOTHING_TO_SEND: 'file',
  NEEDS_APPROVAL: 'file',
  TRANSFER: 'settings',
  AUTH: 'settings',
  HOST_KEY: 'settings',
  CANCELED: null,
  INVALID_PAYLOAD: null,
  UNTRUSTED_SENDER: null,
  UNAVAILABLE: null,
  INTERNAL: null,
};

export function actionFor(code: string): ErrorAction | null {
  return (ERROR_ACTION as Record<string, ErrorAction | null>)[code] ?? null;
}

/** The advice for an error code, or null where the message says it all. */
export function adviceFor(code: string): string | null {
  return (ERROR_ADVICE as Record<string, string | null>)[code] ?? null;
}
