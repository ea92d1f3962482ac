/** Argument parsing shared by the commands: node:util's parseArgs, with usage errors as TxpErrors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { PhoneFormat } from '../../shared/check/list-checker';
import type { ListMode } from '../../shared/mapping/suggest-mapping';
import { TxpError } from '../../shared/txp-error';
import type { MappingRequest } from '../mapping/prepare-list';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input (for --password-stdin). */
  stdin?: () => Promise<string>;
  /** Asks a question on the terminal and returns the answer; absent when there is no terminal. */
  prompt?: (question: string) => Promise<string>;
  env?: NodeJS.ProcessEnv;
}

export function parseOrUsage<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new TxpError('USAGE', error instanceof Error ? error.message : String(error));
  }
}

/** The mapping options of check, convert and send. */
export const MAPPING_OPTIONS = {
  sheet: { type: 'string' },
  mode: { type: 'string' },
  phone: { type: 'string', multiple: true },
  tag: { type: 'string', multiple: true },
  country: { type: 'string' },
  profile: { type: 'string' },
  'save-profile': { type: 'string' },
  'remove-when': { type: 'string' },
  'phone-format': { type: 'string' },
  'header-row': { type: 'string' },
  json: { type: 'boolean' },
} as const;

export function mappingRequest(values: Record<string, string | boolean | string[] | undefined>): MappingRequest {
  const request: MappingRequest = {};
  const text = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  if (text('sheet') !== undefined) request.sheet = text('sheet') as string;
  const mode = text('mode');
  if (mode !== undefined) {
    if (mode !== 'preformatted' && mode !== 'alp') throw new TxpError('USAGE', `--mode must be preformatted or alp, not "${mode}".`);
    request.mode = mode as ListMode;
  }
  if (Array.isArray(values['phone'])) request.phone = values['phone'];
  if (Array.isArray(values['tag'])) request.tags = values['tag'];
  if (text('country') !== undefined) request.country = text('country') as string;
  if (text('profile') !== undefined) request.profile = text('profile') as string;
  if (text('save-profile') !== undefined) request.saveProfile = text('save-profile') as string;
  if (text('remove-when') !== undefined) request.removeWhen = text('remove-when') as string;
  const format = text('phone-format');
  if (format !== undefined) {
    if (format !== 'e164' && format !== 'national') throw new TxpError('USAGE', `--phone-format must be e164 or national, not "${format}".`);
    request.phoneFormat = format as PhoneFormat;
  }
  const headerRow = text('header-row');
  if (headerRow !== undefined) {
    const row = Number(headerRow);
    if (!Number.isInteger(row) || row < 1) throw new TxpError('USAGE', `--header-row must be a row number from 1, not "${headerRow}".`);
    request.headerRow = row;
  }
  return request;
}

export function oneFile(positionals: string[], command: string): string {
  if (positionals.length !== 1) throw new TxpError('USAGE', `txp ${command} takes one FILE${positionals.length > 1 ? `, not ${positionals.length}` : ''}. Run "txp --help".`);
  return positionals[0] as string;
}

/**
 * For commands that run until Ctrl-C: listens for SIGINT and SIGTERM at once and resolves when
 * `close` has finished. Call it before printing the "ready" banner: until a listener exists, a
 * signal kills the process outright, and a script that signals as soon as it reads the banner
 * would otherwise race the listener.
 */
export function untilInterrupted(close: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      void close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
