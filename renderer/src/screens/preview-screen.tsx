import { useCallback, useState } from 'react';
import type { AppState } from '../state/app-state';
import type { Workflows } from '../state/workflows';
import { columnLabel } from '../../../shared/mapping/column-ref';
import { DataGrid } from '../components/data-grid';
import { ProgressBar } from '../components/progress-bar';
import { JobFailure } from './job-failure';
import { formatCount } from '../format';

const ROLE_MARKS = { phone: 'phone', tag: 'group' } as const;

const DELIMITER_WORDS: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'vertical bar' };

export function PreviewScreen({ state, flows }: { state: AppState; flows: Workflows }) {
  const inspect = state.inspect;
  const fetchRows = useCallback((start: number, count: number) => flows.rows(start, count), [flows]);
  const [headerDraft, setHeaderDraft] = useState<string>('');
  if (inspect.status === 'failed') return <JobFailure title="This file could not be opened" job={inspect} onRetry={() => void flows.chooseFile()} retryLabel="Open another file…" />;
  if (inspect.status !== 'done') return <p role="status">Opening the file…</p>;
  const table = inspect.value;
  const columnCount = Math.max(table.columns.length, ...table.preview.slice(0, 20).map((r) => r.length));
  const headers = table.columns.map((c) => c.header);
  // Each column's role on the Map screen, in its heading: what will be done with it is seen here too.
  const roles = new Map((state.mapping?.roles ?? []).map((c) => [c.index, c.role]));
  const columns = Array.from({ length: columnCount }, (_, i) => {
    const role = roles.get(i);
    return role === 'phone' || role === 'tag' ? `${columnLabel(i, headers)} · ${ROLE_MARKS[role]}` : columnLabel(i, headers);
  });
  const rowCount = Math.max(state.grid.loaded, table.preview.length);
  return (
    <section className="screen preview" aria-labelledby="preview-title">
      <div className="screen-head">
        <h2 id="preview-title">Preview: {table.file}</h2>
        <button type="button" className="primary" onClick={() => flows.navigate('map')}>
          Next: map columns
        </button>
      </div>
      <div className="facts">
        <span>Format: {table.format.toUpperCase()}</span>
        {table.encoding && <span>Encoding: {table.encoding}</span>}
        {table.delimiter && <span>Delimiter: {DELIMITER_WORDS[table.delimiter] ?? table.delimiter}</span>}
        {table.sheets.length > 0 && (
          <label>
            Sheet{' '}
            <select value={table.sheet ?? ''} onChange={(event) => state.file && void flows.openPath(state.file.path, event.target.value)}>
              {table.sheets.map((sheet) => (
                <option key={sheet}>{sheet}</option>
              ))}
            </select>
          </label>
        )}
        <form
          className="inline"
          onSubmit={(event) => {
            event.preventDefault();
            const row = Number(headerDraft);
            if (Number.isInteger(row) && row >= 1) void flows.changeHeaderRow(row);
          }}
        >
          <label>
            Header row{' '}
            <input type="number" min={1} max={table.preview.length} className="narrow" value={headerDraft || String(table.headerRow ?? '')} onChange={(event) => setHeaderDraft(event.target.value)} />
          </label>
          <button type="submit">Use</button>
          <span className="muted" data-testid="header-row-source">
            {state.mapping?.headerRow ? `row ${state.mapping.headerRow}, as you chose` : table.headerRow ? `row ${table.headerRow} was detected` : 'no header row found'}
          </span>
        </form>
      </div>
      {state.grid.taskId !== null && <ProgressBar label="Reading every row" progress={{ phase: 'load', done: state.grid.loaded, total: null }} startedAt={Date.now()} unit="rows" />}
      {state.grid.failed && (
        <p role="alert" className="notice error">
          Only the first rows can be shown: {state.grid.failed}
        </p>
      )}
      {state.grid.focusRow !== null && (
        <p className="notice info row-shown" role="status" data-testid="row-shown">
          Row {state.grid.focusRow}
          {state.grid.focusColumn !== null ? `: the marked cell (${columnLabel(state.grid.focusColumn, headers)}) is the problem.` : '.'}{' '}
          <button type="button" onClick={() => flows.navigate('check')}>
            Back to problems
          </button>
        </p>
      )}
      <p className="muted" data-testid="grid-count">
        {formatCount(rowCount)} rows{state.grid.complete ? '' : ' so far'}
      </p>
      <DataGrid
        key={`${state.file?.path}|${state.file?.sheet}`}
        label={`Rows of ${table.file}`}
        columns={columns}
        rowCount={rowCount}
        initialRows={table.preview}
        fetchRows={fetchRows}
        headerRow={table.headerRow}
        focusRow={state.grid.focusRow}
        focusColumn={state.grid.focusColumn}
      />
    </section>
  );
}
