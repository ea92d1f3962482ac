/**
 * Every problem of the check in one table, virtualized (@tanstack/react-virtual): only the
 * rows in view are in the page, so a list of 100,000 problems scrolls like one of ten. Each
 * row leads to its cell in the preview, and offers Correct (a value sent instead of the cell's)
 * and Leave out (nothing of the row is sent).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import type { CheckResponse } from '../../../shared/ipc-contract';
import type { Workflows } from '../state/workflows';
import { REASON_WORDS } from '../format';

const ROW_HEIGHT = 37;

export function ProblemTable({ problems, flows }: { problems: CheckResponse['problems']; flows: Workflows }) {
  const showWho = problems.some((p) => p.who);
  const width = showWho ? 6 : 5;
  const scroller = useRef<HTMLDivElement>(null);
  const [editing, setEditing] = useState<{ row: number; index: number; draft: string } | null>(null);
  const virtualizer = useVirtualizer({ count: problems.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div className="problems-scroll" ref={scroller} data-testid="problems-scroll">
      <table className="problems" aria-rowcount={problems.length + 1}>
        <thead>
          <tr>
            <th scope="col">Row</th>
            {showWho && <th scope="col">Whose</th>}
            <th scope="col">Column</th>
            <th scope="col">Value</th>
            <th scope="col">Reason</th>
            <th scope="col">Fix</th>
          </tr>
        </thead>
        <tbody>
          {top > 0 && (
            <tr aria-hidden="true" className="spacer" style={{ height: top }}>
              <td colSpan={width} />
            </tr>
          )}
          {items.map((item) => {
            const p = problems[item.index] as CheckResponse['problems'][number];
            return (
              <tr key={item.key} data-index={item.index} ref={virtualizer.measureElement}>
                <td>
                  <button type="button" className="link" aria-label={`Go to row ${p.row}`} title="Show this row in the preview, with this cell marked" onClick={() => flows.showRow(p.row, p.index)}>
                    {p.row}
                  </button>
                </td>
                {showWho && <td>{p.who}</td>}
                <td>{p.column}</td>
                <td>
                  {editing && editing.row === p.row && editing.index === p.index ? (
                    <form
                      className="inline"
                      onSubmit={(event) => {
                        event.preventDefault();
                        flows.editCell(p.row, p.index, p.column, editing.draft.trim(), p.value);
                        setEditing(null);
                      }}
                    >
                      <input
                        aria-label={`New value for row ${p.row}, ${p.column}`}
                        value={editing.draft}
                        autoFocus
                        onChange={(event) => setEditing({ ...editing, draft: event.target.value })}
                        onKeyDown={(event) => event.key === 'Escape' && setEditing(null)}
                      />
                      <button type="submit" className="primary" disabled={editing.draft.trim() === p.value}>
                        Use this value
                      </button>
                      <button type="button" onClick={() => setEditing(null)}>
                        Cancel
                      </button>
                    </form>
                  ) : (
                    <code>{p.value}</code>
                  )}
                </td>
                <td>
                  {REASON_WORDS[p.reason] ?? p.reason}
                  {p.detail && <span className="muted"> — {p.detail}</span>}
                </td>
                <td className="row-fixes">
                  {p.reason !== 'DUPLICATE' && (
                    <button type="button" aria-label={`Correct row ${p.row}, ${p.column}`} onClick={() => setEditing({ row: p.row, index: p.index, draft: p.value })}>
                      Correct
                    </button>
                  )}
                  <button type="button" aria-label={`Leave out row ${p.row}`} onClick={() => flows.leaveOutRow(p.row)}>
                    Leave out
                  </button>
                </td>
              </tr>
            );
          })}
          {bottom > 0 && (
            <tr aria-hidden="true" className="spacer" style={{ height: bottom }}>
              <td colSpan={width} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
