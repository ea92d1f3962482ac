/**
 * A progress line for a big file, on stderr when it is a terminal: rows, share, rate and time
 * left, redrawn in place a few times a second and cleared at the end. Nothing when stderr is
 * not a terminal (a log, a pipe, a scheduled task) or with --json.
 */
import type { CliIo } from './cli-args';

const REDRAW_MS = 250;
/** Files this small finish before a line would help: none is drawn in the first second. */
const QUIET_MS = 1000;

export interface TerminalProgress {
  /** Rows read so far (see runListCheck's progress). */
  rows?: (rowsRead: number) => void;
  /** Clears the line. */
  done(): void;
}

export function terminalProgress(io: CliIo, label: string, totalRows: number | null, json: boolean, now: () => number = Date.now): TerminalProgress {
  if (!io.stderrIsTerminal || json) return { done: () => undefined };
  const started = now();
  let drawn = 0;
  let shown = false;
  const number = (value: number) => Math.round(value).toLocaleString('en-US');
  return {
    rows: (rowsRead) => {
      const at = now();
      if (at - started < QUIET_MS || at - drawn < REDRAW_MS) return;
      drawn = at;
      shown = true;
      const rate = rowsRead / ((at - started) / 1000);
      // The total of a text file is an estimate from its first part: never more than 99 % before the end.
      const share = totalRows ? Math.min(99, Math.floor((rowsRead / totalRows) * 100)) : null;
      const left = totalRows && rate > 0 && totalRows > rowsRead ? Math.ceil((totalRows - rowsRead) / rate) : null;
      io.stderr(`\r${label}: ${number(rowsRead)} rows${share !== null ? ` (${share} %)` : ''} · ${number(rate)} rows/s${left !== null ? ` · about ${left} s left` : ''}\x1b[K`);
    },
    done: () => {
      if (shown) io.stderr('\r\x1b[K');
    },
  };
}
