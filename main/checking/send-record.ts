/**
 * The record of what a send did with each number it found: row, column, what became of it
 * (sent, removed, duplicate, invalid and why) and the E.164 number. The checker writes it as
 * it decides (ListCheckerOutput.outcome), and the results are joined to it later: nothing
 * is checked a second time, so the results can never disagree with what was sent. Kept in
 * typed arrays (18 bytes a number: 18 MB for a million), cheap to pass between threads.
 */
import { OUTCOME_KINDS, type OutcomeKind } from '../../shared/check/list-checker';
import { INVALID_REASONS, type InvalidReason } from '../../shared/phone/check-phone-cell';
import type { PreparedList } from '../mapping/plan-list';
import { runListCheck } from './run-list-check';

/** The record as plain data (what crosses to and from a worker thread). */
export interface SendRecordData {
  length: number;
  rows: Uint32Array;
  columns: Uint32Array;
  kinds: Uint8Array;
  numbers: Float64Array;
  reasons: Uint8Array;
}

export interface RecordedNumber {
  row: number;
  column: number;
  kind: OutcomeKind;
  /** E.164, or null for an invalid number. */
  e164: string | null;
  reason: InvalidReason | null;
}

const NO_REASON = 255;

export class SendRecord {
  private data: SendRecordData;

  constructor(data?: SendRecordData) {
    this.data = data ?? { length: 0, rows: new Uint32Array(1024), columns: new Uint32Array(1024), kinds: new Uint8Array(1024), numbers: new Float64Array(1024), reasons: new Uint8Array(1024) };
  }

  get length(): number {
    return this.data.length;
  }

  /** The checker's outcome sink. */
  readonly add = (row: number, column: number, kind: OutcomeKind, value: number, reason: InvalidReason | null): void => {
    if (this.data.length === this.data.rows.length) this.grow();
    const { data } = this;
    const at = data.length++;
    data.rows[at] = row;
    data.columns[at] = column;
    data.kinds[at] = OUTCOME_KINDS.indexOf(kind);
    data.numbers[at] = value;
    data.reasons[at] = reason === null ? NO_REASON : INVALID_REASONS.indexOf(reason);
  };

  /** Entry `at`, in the order the checker met the numbers (rows ascending). */
  at(at: number): RecordedNumber {
    const { data } = this;
    const kind = OUTCOME_KINDS[data.kinds[at] as number] as OutcomeKind;
    const reason = data.reasons[at] as number;
    return {
      row: data.rows[at] as number,
      column: data.columns[at] as number,
      kind,
      e164: kind === 'invalid' ? null : `+${data.numbers[at] as number}`,
      reason: reason === NO_REASON ? null : (INVALID_REASONS[reason] ?? null),
    };
  }

  /** The used part of the arrays, for a thread or a test. */
  toData(): SendRecordData {
    const { data } = this;
    const n = data.length;
    return { length: n, rows: data.rows.slice(0, n), columns: data.columns.slice(0, n), kinds: data.kinds.slice(0, n), numbers: data.numbers.slice(0, n), reasons: data.reasons.slice(0, n) };
  }

  private grow(): void {
    const { data } = this;
    const size = data.rows.length * 2;
    const bigger = <T extends Uint32Array | Uint8Array | Float64Array>(array: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(array);
      return next;
    };
    this.data = {
      length: data.length,
      rows: bigger(data.rows, (n) => new Uint32Array(n)),
      columns: bigger(data.columns, (n) => new Uint32Array(n)),
      kinds: bigger(data.kinds, (n) => new Uint8Array(n)),
      numbers: bigger(data.numbers, (n) => new Float64Array(n)),
      reasons: bigger(data.reasons, (n) => new Uint8Array(n)),
    };
  }
}

/**
 * The record of a list as a send under the same plan writes it, from the same checker: for
 * results whose send record is gone (the app restarted, `txp results` later).
 */
export async function recordList(list: PreparedList, signal?: AbortSignal): Promise<SendRecord> {
  const record = new SendRecord();
  await runListCheck(list, { outcome: record.add, ...(signal ? { signal } : {}) });
  return record;
}
