/** Argument parsing shared by the commands: node:util's parseArgs, with usage errors as TxpErrors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { splitRemovalValues, type PhoneFormat, type PlanRequest } from '../../shared/mapping/list-plan';
import type { ListMode } from '../../shared/mapping/suggest-mapping';
import { TxpError } from '../../shared/txp-error';
import type { ResolveColumns } from '../mapping/plan-list';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input (for --password-stdin). */
  stdin?: () => Promise<string>;
  /** Asks a question on the terminal and returns the answer; absent when there is no terminal. */
  prompt?: (question: string) => Promise<string>;
  env?: NodeJS.ProcessEnv;
  /** stderr is a terminal: a progress line may be drawn there (see terminal-progress.ts). */
  stderrIsTerminal?: boolean;
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
  'leave-out-international': { type: 'boolean' },
  'leave-out-row': { type: 'string', multiple: true },
  'set-cell': { type: 'string', multiple: true },
  who: { type: 'string', multiple: true },
  json: { type: 'boolean' },
} as const;

/**
 * The mapping options as a plan request: what can be read from the options alone, and the
 * columns (`--phone COL`, `--tag COL`, `--remove-when COL=V`), found by header or #N once the
 * table's headers are known. This is the only place a column is found by its header.
 */
export function planRequestFromArgs(values: Record<string, string | boolean | string[] | undefined>): { request: PlanRequest; resolveColumns: ResolveColumns } {
  const request: PlanRequest = {};
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
  if (text('country') !== undefined) request.country = text('country') as string;
  if (text('profile') !== undefined) request.profile = text('profile') as string;
  if (text('save-profile') !== undefined) request.saveProfile = text('save-profile') as string;
  const format = text('phone-format');
  if (format !== undefined) {
    if (format !== 'e164' && format !== 'national') throw new TxpError('USAGE', `--phone-format must be e164 or national, not "${format}".`);
    request.phoneFormat = format as PhoneFormat;
  }
  if (values['leave-out-international'] === true) request.international = 'leave-out';
  const headerRow = text('header-row');
  if (headerRow !== undefined) {
    const row = Number(headerRow);
    if (!Number.isInteger(row) || row < 1) throw new TxpError('USAGE', `--header-row must be a row number from 1, not "${headerRow}".`);
    request.headerRow = row;
  }
  const phone = Array.isArray(values['phone']) ? values['phone'] : [];
  const tags = Array.isArray(values['tag']) ? values['tag'] : [];
  const removeWhen = text('remove-when');
  if (removeWhen !== undefined && !isNoRemoval(removeWhen)) splitRemoveWhen(removeWhen); // a malformed rule is a usage error before the file is read
  const leaveOut = (Array.isArray(values['leave-out-row']) ? values['leave-out-row'] : []).flatMap((list) => list.split(',')).map(rowNumberArg);
  const cells = (Array.isArray(values['set-cell']) ? values['set-cell'] : []).map(splitSetCell);
  const who = Array.isArray(values['who']) ? values['who'] : [];
  if (who.length > 2) throw new TxpError('USAGE', `--who takes at most two columns (a name, an e-mail or a CRM id), not ${who.length}.`);
  const resolveColumns: ResolveColumns = ({ headers, width }) => ({
    ...(who.length > 0 ? { identity: who.some(isNoRemoval) ? [] : who.map((ref) => resolveColumn(ref, headers, width, '--who')) } : {}),
    ...(leaveOut.length > 0 || cells.length > 0
      ? { rowChanges: { leaveOut, edits: cells.map(({ row, column, value }) => ({ row, column: resolveColumn(column, headers, width, '--set-cell'), value })) } }
      : {}),
    ...(phone.length > 0 ? { phone: phone.map((ref) => resolveColumn(ref, headers, width, '--phone')) } : {}),
    ...(tags.length > 0 ? { tags: tags.map((ref) => resolveColumn(ref, headers, width, '--tag')) } : {}),
    ...(removeWhen !== undefined ? { removeWhen: parseRemoveWhen(removeWhen, headers, width) } : {}),
  });
  return { request, resolveColumns };
}

function rowNumberArg(text: string): number {
  const row = Number(text.trim());
  if (!Number.isInteger(row) || row < 1) throw new TxpError('USAGE', `--leave-out-row takes file row numbers from 1 (as the check's report shows them), not "${text.trim()}".`);
  return row;
}

/** `ROW:COLUMN=VALUE`: the cell's value to check and send instead of the file's (the file is not changed). */
function splitSetCell(text: string): { row: number; column: string; value: string } {
  const match = /^\s*(\d+)\s*:([^=]+)=(.*)$/s.exec(text);
  if (!match || Number(match[1]) < 1) throw new TxpError('USAGE', `--set-cell takes ROW:COLUMN=VALUE (for example 9:Phone=212-555-0199), not "${text}".`);
  return { row: Number(match[1]), column: match[2] as string, value: (match[3] as string).trim() };
}

/**
 * A column named on the command line: by header text (compared ignoring case and surrounding
 * spaces) or as `#N`, 1-based. A header that two columns share names neither: the user must
 * say which, by number.
 */
export function resolveColumn(ref: string, headers: readonly string[], width: number, what: string): number {
  const trimmed = ref.trim();
  const numbered = /^#(\d+)$/.exec(trimmed);
  if (numbered) {
    const index = Number(numbered[1]) - 1;
    if (index < 0 || index >= width) throw new TxpError('USAGE', `${what} ${trimmed}: the table has columns #1 to #${width}.`);
    return index;
  }
  const wanted = trimmed.toLowerCase();
  const matches = headers.flatMap((header, index) => (header.trim().toLowerCase() === wanted ? [index] : []));
  if (matches.length > 1) {
    const numbers = matches.map((index) => `#${index + 1}`);
    throw new TxpError('USAGE', `${what} "${trimmed}": "${trimmed}" is columns ${numbers.join(' and ')}. Say which: ${numbers.map((n) => `${what} "${n}"`).join(' or ')}.`);
  }
  if (matches.length === 0) {
    const known = headers.filter((h) => h.trim() !== '').map((h) => `"${h}"`);
    throw new TxpError('USAGE', `${what} "${trimmed}": no column has that header. Columns: ${known.length > 0 ? known.join(', ') : '(no header row; use #N)'}.`);
  }
  return matches[0] as number;
}

/** `--remove-when none`: no numbers go as removals, even where a column records opt-outs. */
function isNoRemoval(text: string): boolean {
  return text.trim().toLowerCase() === 'none';
}

function splitRemoveWhen(text: string): { column: string; values: string[] } {
  const at = text.lastIndexOf('=');
  if (at <= 0 || at === text.length - 1) throw new TxpError('USAGE', `--remove-when "${text}": write it as COLUMN=VALUE[,VALUE…], e.g. "SMS Opt Out=Yes,TRUE,1".`);
  return { column: text.slice(0, at), values: splitRemovalValues(text.slice(at + 1)) };
}

/** `--remove-when "SMS Opt Out=Yes,TRUE"` → the column's position and the values; `--remove-when none` → no removals. */
export function parseRemoveWhen(text: string, headers: readonly string[], width: number): { column: number; values: string[] } | null {
  if (isNoRemoval(text)) return null;
  const { column, values } = splitRemoveWhen(text);
  return { column: resolveColumn(column, headers, width, '--remove-when'), values };
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
