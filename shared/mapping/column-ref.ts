/**
 * Columns named on the command line or in a profile: by header text ("Mobile Phone",
 * compared ignoring case and surrounding spaces) or as `#N`, 1-based.
 */
import { TxpError } from '../txp-error';

export function resolveColumn(ref: string, headers: readonly string[], width: number, what: string): number {
  const trimmed = ref.trim();
  const numbered = /^#(\d+)$/.exec(trimmed);
  if (numbered) {
    const index = Number(numbered[1]) - 1;
    if (index < 0 || index >= width) throw new TxpError('USAGE', `${what} ${trimmed}: the table has columns #1 to #${width}.`);
    return index;
  }
  const wanted = trimmed.toLowerCase();
  const index = headers.findIndex((header) => header.trim().toLowerCase() === wanted);
  if (index === -1) {
    const known = headers.filter((h) => h.trim() !== '').map((h) => `"${h}"`);
    throw new TxpError('USAGE', `${what} "${trimmed}": no column has that header. Columns: ${known.length > 0 ? known.join(', ') : '(no header row; use #N)'}.`);
  }
  return index;
}

/** How a column is named for people: its header, or #N. */
export function columnLabel(index: number, headers: readonly string[]): string {
  const header = headers[index]?.trim();
  return header ? header : `#${index + 1}`;
}
