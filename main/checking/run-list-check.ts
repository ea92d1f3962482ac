/**
 * Streams a prepared list through the ListChecker: every row is checked, the Preformatted
 * rows and the problems go to their sinks as they come, and progress is reported per batch.
 * Memory stays flat whatever the file's size (the set of numbers seen is the only growth).
 */
import { ListChecker, type CheckSummary, type ListCheckerOutput, type Problem } from '../../shared/check/list-checker';
import { TxpError } from '../../shared/txp-error';
import type { RowChanges } from '../../shared/mapping/list-plan';
import { identityText } from '../../shared/mapping/suggest-mapping';
import type { PreparedList } from '../mapping/plan-list';

const LEFT_OUT = 'left out';

/** The user's changes by file row: left out, or the new value per column (a later edit of a cell wins). */
function rowChangesByRow(changes: RowChanges | undefined): Map<number, typeof LEFT_OUT | Map<number, string>> | null {
  if (!changes || (changes.leaveOut.length === 0 && changes.edits.length === 0)) return null;
  const byRow = new Map<number, typeof LEFT_OUT | Map<number, string>>();
  for (const edit of changes.edits) {
    const cells = byRow.get(edit.row);
    if (cells instanceof Map) cells.set(edit.column, edit.value);
    else byRow.set(edit.row, new Map([[edit.column, edit.value]]));
  }
  for (const row of changes.leaveOut) byRow.set(row, LEFT_OUT);
  return byRow;
}

export interface CheckSinks {
  /** A Preformatted row (see ListCheckerOutput.row: the tags array is reused). */
  row?(number: string, tags: readonly string[]): void;
  problem?(problem: Problem): void;
  /** What became of each number (see SendRecord). */
  outcome?: ListCheckerOutput['outcome'];
  /** Rows read so far (data rows and the rows above them). */
  progress?(rowsRead: number): void;
  /** Awaited after each batch, so that writers can apply backpressure. */
  afterBatch?(): Promise<void>;
  signal?: AbortSignal;
}

/**
 * Checks the list's rows, or other rows of its table (the preview checks `table.sample`,
 * which begins at the table's first row). The same checker decides for the preview, the
 * check, the file sent and the record the results are joined to.
 */
export async function runListCheck(list: PreparedList, sinks: CheckSinks = {}, rows?: AsyncIterable<string[][]> | Iterable<string[][]>): Promise<CheckSummary> {
  // A problem says whose number it is: the checker reports it while it checks the row in `cells`.
  const identity = list.plan.identity?.map((c) => c.index) ?? [];
  let cells: readonly string[] = [];
  const problem = sinks.problem;
  const output: ListCheckerOutput = {
    ...(sinks.row ? { row: sinks.row } : {}),
    ...(problem ? { problem: identity.length > 0 ? (p) => problem({ ...p, who: identityText(cells, identity) }) : problem } : {}),
    ...(sinks.outcome ? { outcome: sinks.outcome } : {}),
  };
  const expectedNumbers = (list.table.estimatedRows ?? 0) * list.mapping.phone.length;
  const checker = new ListChecker(list.mapping, list.layout.headers, list.phoneFormat, output, expectedNumbers);
  const start = list.layout.dataStart;
  let index = 0;
  // Only the columns the check reads become strings: the rest of a wide row is passed over.
  const { phone, tags, removeWhen } = list.mapping;
  const columns = [...phone, ...tags, ...(removeWhen ? [removeWhen.column] : []), ...(problem ? identity : [])];
  const changes = rowChangesByRow(list.plan.rowChanges);
  for await (const batch of rows ?? list.table.rows({ columns })) {
    if (sinks.signal?.aborted) throw new TxpError('CANCELED', `Checking ${list.table.file} was cancelled.`);
    for (const row of batch) {
      if (index >= start) {
        const change = changes?.get(index + 1);
        if (change === undefined) {
          cells = row;
          checker.add(index + 1, row);
        } else if (change === LEFT_OUT) checker.summary.rowsLeftOut++;
        else {
          const edited = row.slice();
          for (const [column, value] of change) edited[column] = value;
          checker.summary.cellsEdited += change.size;
          cells = edited;
          checker.add(index + 1, edited);
        }
      }
      index++;
    }
    sinks.progress?.(index);
    await sinks.afterBatch?.();
  }
  return checker.summary;
}

/** No valid number to send is an error of its own (exit 5): a nightly task must never send an empty list. */
export function nothingToSend(list: PreparedList, summary: CheckSummary, outcome = 'Nothing was sent.'): TxpError {
  const found =
    summary.numbers === 0
      ? 'no phone number was found in its phone columns'
      : summary.numbers === 1
        ? 'its one number is not valid'
        : `none of its ${summary.numbers.toLocaleString('en-US')} numbers is valid`;
  return new TxpError('NOTHING_TO_SEND', `${list.table.file} has nothing to send: ${found}. ${outcome}`);
}
