/**
 * A virtualized grid (@tanstack/react-virtual): only the rows on screen are in the page, so a
 * 1,000,000-row file scrolls as smoothly as a 10-row one. Rows come in pages from main's copy
 * of the table; until the first pages arrive, the rows the inspection returned are shown.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';

const PAGE = 200;
const ROW_HEIGHT = 30;
const NUMBER_WIDTH = 64;
const COLUMN_WIDTH = 170;

export interface DataGridProps {
  /** Column titles, in order. */
  columns: string[];
  /** How many rows exist so far (grows while the file streams in). */
  rowCount: number;
  /** The first rows of the table, available at once. */
  initialRows: string[][];
  /** A page of rows from `start` (0-based); null when it cannot be had (yet). */
  fetchRows: (start: number, count: number) => Promise<{ rows: string[][] } | null>;
  /** File row (1-based) of the header: shown as such. */
  headerRow: number | null;
  /** File row (1-based) to scroll to and highlight. */
  focusRow: number | null;
  /** Column (0-based) of the cell to mark in that row (a problem's cell). */
  focusColumn?: number | null;
  label: string;
  /** Show the file's row numbers in a first column (default true). */
  rowNumbers?: boolean;
}

export function DataGrid({ columns, rowCount, initialRows, fetchRows, headerRow, focusRow, focusColumn = null, label, rowNumbers = true }: DataGridProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const pages = useRef(new Map<number, string[][]>());
  const requested = useRef(new Set<number>());
  const [, setVersion] = useState(0);
  const virtualizer = useVirtualizer({ count: rowCount, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 15 });
  const items = virtualizer.getVirtualItems();

  const rowAt = useCallback((index: number): string[] | undefined => pages.current.get(Math.floor(index / PAGE))?.[index % PAGE] ?? initialRows[index], [initialRows]);

  // Fetch the pages the visible rows fall in (once each; a page that was incomplete is asked again as rows arrive).
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    for (let page = Math.floor(first / PAGE); page <= Math.floor(last / PAGE); page++) {
      const have = pages.current.get(page)?.length ?? 0;
      const want = Math.min(PAGE, rowCount - page * PAGE);
      if (have >= want || requested.current.has(page)) continue;
      requested.current.add(page);
      void fetchRows(page * PAGE, PAGE).then((answer) => {
        requested.current.delete(page);
        if (answer && answer.rows.length > (pages.current.get(page)?.length ?? 0)) {
          pages.current.set(page, answer.rows);
          setVersion((v) => v + 1);
        }
      });
    }
  }, [first, last, rowCount, fetchRows]);

  useEffect(() => {
    if (focusRow !== null && focusRow >= 1 && focusRow <= rowCount) virtualizer.scrollToIndex(focusRow - 1, { align: 'center' });
  }, [focusRow, rowCount, virtualizer]);

  // Fixed widths: every row (each positioned on its own) lines up with the header.
  const template = `${rowNumbers ? `${NUMBER_WIDTH}px ` : ''}repeat(${Math.max(1, columns.length)}, ${COLUMN_WIDTH}px)`;
  const width = (rowNumbers ? NUMBER_WIDTH : 0) + Math.max(1, columns.length) * COLUMN_WIDTH;
  return (
    <div className="grid">
      <div className="grid-scroll" ref={scroller} tabIndex={0} data-testid="grid-scroll" role="grid" aria-label={label} aria-rowcount={rowCount + 1} aria-colcount={columns.length + 1}>
        <div role="rowgroup" className="grid-headgroup">
          <div className="grid-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template, width }}>
            {rowNumbers && (
              <span role="columnheader" className="grid-rownum">
                Row
              </span>
            )}
            {columns.map((column, i) => (
              <span role="columnheader" key={i} title={column}>
                {column}
              </span>
            ))}
          </div>
        </div>
        <div className="grid-body" role="rowgroup" style={{ height: virtualizer.getTotalSize(), width }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            const fileRow = item.index + 1;
            const classes = ['grid-row', fileRow === headerRow ? 'is-header' : '', fileRow === focusRow ? 'is-focus' : ''].join(' ');
            return (
              <div
                key={item.key}
                className={classes}
                role="row"
                aria-rowindex={item.index + 2}
                data-row={fileRow}
                style={{ transform: `translateY(${item.start}px)`, gridTemplateColumns: template, width }}
              >
                {rowNumbers && (
                  <span role="rowheader" className="grid-rownum">
                    {fileRow}
                  </span>
                )}
                {columns.map((_, c) => {
                  const marked = fileRow === focusRow && c === focusColumn;
                  return (
                    <span role="gridcell" key={c} title={row?.[c] ?? ''} className={marked ? 'is-marked' : undefined} aria-description={marked ? 'the problem is in this cell' : undefined}>
                      {row ? (row[c] ?? '') : '…'}
                    </span>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
