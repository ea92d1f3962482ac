/**
 * The rows of the one table the preview grid shows, kept in main as joined strings (about a
 * hundred bytes a row: a 1,000,000-row file costs some 100 MB, freed when another opens).
 * The grid asks for windows of rows, also while the worker is still reading.
 */
import { TxpError } from '../../shared/txp-error';

/** Cells of a row travel and are kept joined by this character (a control character no CRM export uses as text). */
export const ROW_CELL_SEPARATOR = '\u001f';

export class TableRows {
  private key: string | null = null;
  private rows: string[] = [];
  private complete = false;

  /** Forgets the previous table and starts collecting this one. */
  begin(path: string, sheet: string | undefined): void {
    this.key = keyOf(path, sheet);
    this.rows = [];
    this.complete = false;
  }

  add(path: string, sheet: string | undefined, rows: string[]): void {
    if (this.key !== keyOf(path, sheet)) return;
    for (const row of rows) this.rows.push(row);
  }

  finish(path: string, sheet: string | undefined, ok: boolean): void {
    if (this.key !== keyOf(path, sheet)) return;
    if (ok) this.complete = true;
    else this.begin('', undefined);
  }

  window(path: string, sheet: string | undefined, start: number, count: number) {
    if (this.key !== keyOf(path, sheet)) throw new TxpError('USAGE', 'That table is not open; open the file again.');
    const end = Math.min(this.rows.length, start + count);
    const rows: string[][] = [];
    for (let i = start; i < end; i++) rows.push((this.rows[i] as string).split(ROW_CELL_SEPARATOR));
    return { start, rows, loaded: this.rows.length, complete: this.complete };
  }
}

function keyOf(path: string, sheet: string | undefined): string {
  return `${path}\u0000${sheet ?? ''}`;
}
