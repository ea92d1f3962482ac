import { SANDBOX_ACCOUNT } from '../../../shared/accounts/account';
import { useCallback, useMemo, useState } from 'react';
import type { AppState } from '../state/app-state';
import type { Workflows } from '../state/workflows';
import { BarChart } from '../components/bar-chart';
import { FilterSelect } from '../components/filter-select';
import { DataGrid } from '../components/data-grid';
import { ProgressBar } from '../components/progress-bar';
import { JobFailure } from './job-failure';
import { LINE_TYPE_WORDS, fileName, formatCount, optStatusWords } from '../format';
import { downloadTable } from '../download';
import { SOURCE_WORDS } from '../../../shared/results/opt-status';

const COLUMNS = ['Row', 'Name', 'Phone column', 'As written', 'Number', 'Line type', 'Opt status', 'Status from', 'What happened'];
const noRows = () => Promise.resolve(null);

type ResultNumber = Extract<AppState['results'], { status: 'done' }>['value']['numbers'][number];

/** Ready-made views of the results: the questions people come with. */
const VIEWS: { id: string; label: string; keep: (n: ResultNumber) => boolean }[] = [
  { id: 'all', label: 'All numbers', keep: () => true },
  { id: 'mobile-not-in', label: 'Mobiles not opted in', keep: (n) => n.lineType === 'mobile' && n.optStatus !== 'opted_in' },
  { id: 'opted-out', label: 'Opted out', keep: (n) => n.optStatus === 'opted_out' },
  // What this app did not send (invalid, a duplicate, left out): its own check says so, not TextPower.
  { id: 'not-sent', label: 'Not sent', keep: (n) => n.source === 'local' },
];

export function ResultsScreen({ state, flows }: { state: AppState; flows: Workflows }) {
  const results = state.results;
  const [lineType, setLineType] = useState('');
  const [optStatus, setOptStatus] = useState('');
  const [search, setSearch] = useState('');
  const [view, setView] = useState('all');
  const rows = useMemo(() => {
    if (results.status !== 'done') return [];
    const needle = search.trim().toLowerCase();
    const keep = (VIEWS.find((v) => v.id === view) ?? (VIEWS[0] as (typeof VIEWS)[number])).keep;
    return results.value.numbers
      .filter(
        (n) =>
          keep(n) &&
          (!lineType || n.lineType === lineType) &&
          (!optStatus || n.optStatus === optStatus) &&
          (!needle || `${n.who} ${n.value} ${n.phone ?? ''} ${n.detail}`.toLowerCase().includes(needle)),
      )
      .map((n) => [String(n.row), n.who, n.column, n.value, n.phone ?? '', LINE_TYPE_WORDS[n.lineType] ?? n.lineType, optStatusWords(n.optStatus), SOURCE_WORDS[n.source], n.detail]);
  }, [results, lineType, optStatus, search, view]);
  const target = state.resultsTarget;
  const exportAs = useCallback((format: 'csv' | 'xlsx') => void downloadTable(`${fileName(target?.sourceFile ?? 'list').replace(/\.[^.]+$/, '')}-results`, COLUMNS, rows, format), [rows, target]);
  const simulatedAccount = (target?.account ?? state.activeAccount) === SANDBOX_ACCOUNT;
  if (results.status === 'idle' && state.resultsLater && target) {
    return (
      <section className="screen" aria-labelledby="results-title">
        <h2 id="results-title" tabIndex={-1}>
          Results later
        </h2>
        <p className="notice info" data-testid="results-later">
          {simulatedAccount ? 'The sandbox' : 'TextPower'} has not confirmed processing {fileName(target.sourceFile)} yet ({target.remoteName}). Nothing is lost: the upload is in History, where{' '}
          <strong>Get results</strong> fetches its results any time, also after closing the app.
        </p>
        <div className="actions">
          <button type="button" onClick={() => void flows.getResults(target)}>
            Get results now
          </button>
          <button type="button" onClick={() => flows.navigate('history')}>
            Open History
          </button>
        </div>
      </section>
    );
  }
  if (results.status === 'idle') return <p role="status">Send a list to see, per number, whether it is a mobile and opted in.</p>;
  if (results.status === 'running') {
    return (
      <section className="screen" aria-labelledby="results-title">
        <h2 id="results-title">{results.progress?.phase === 'status' ? 'Asking for each number’s status…' : 'Waiting for TextPower to process the file…'}</h2>
        <p>
          {results.progress?.phase === 'status'
            ? `${simulatedAccount ? 'The sandbox’s web service (simulated)' : 'TextPower’s web service'} is asked for each number sent, a few a second.`
            : `${simulatedAccount ? 'The sandbox' : 'TextPower'} deletes the file from the drop folder once it has processed it; that is the sign this app waits for. This can take a few minutes.`}
        </p>
        {results.progress?.phase === 'status' ? (
          <ProgressBar label="Numbers asked" progress={results.progress} startedAt={results.startedAt} unit="rows" />
        ) : (
          <ProgressBar label="Waiting for TextPower" progress={results.progress} startedAt={results.startedAt} unit="seconds" />
        )}
        <p className="muted">Nothing is lost if you stop now: History keeps the upload and fetches its results any time, also after closing the app.</p>
        <button type="button" onClick={() => void flows.checkLater()}>
          Check later
        </button>
      </section>
    );
  }
  if (results.status === 'failed')
    return <JobFailure title="No results yet" job={results} {...(target ? { onRetry: () => void flows.getResults(target) } : {})} onNavigate={(screen) => flows.navigate(screen)} />;
  const { counts, simulated, numbersTruncated, processed, statusSource, statusNote } = results.value;
  const lineTypes = Object.keys(counts.lineTypes);
  const optStatuses = Object.keys(counts.optStatus);
  return (
    <section className="screen results" aria-labelledby="results-title">
      <div className="screen-head">
        <h2 id="results-title">Results {simulated && <span className="badge">simulated by the sandbox</span>}</h2>
        <div className="actions">
          <button type="button" onClick={() => exportAs('csv')}>
            Export CSV
          </button>
          <button type="button" onClick={() => exportAs('xlsx')}>
            Export XLSX
          </button>
        </div>
      </div>
      <p className="notice info" data-testid="results-processed">
        {processed.processed
          ? `${simulated ? 'The sandbox' : 'TextPower'} processed the file at ${new Date(processed.at).toLocaleString()}: it left the drop folder.`
          : `Not confirmed yet: the file was still in the drop folder after ${formatCount(processed.waitedSeconds)} s. TextPower may still be working on it; Get results in History asks again later.`}{' '}
        <span data-testid="results-source">
          {statusSource === 'none' ? statusNote : `Opt status per number: from ${SOURCE_WORDS[statusSource]}.`} Numbers this app found invalid were not sent (from {SOURCE_WORDS.local}).
          {statusSource !== 'none' && ' TextPower tells no line type: “mobile” means opted in after processing (TextPower opts in only mobiles); otherwise it is unknown.'}
        </span>
      </p>
      {simulated && <p className="notice info">These results come from the built-in sandbox, which follows simple documented rules. They say nothing about the real numbers.</p>}
      <div className="columns">
        <BarChart title="Line type" bars={Object.entries(counts.lineTypes).map(([type, value]) => ({ label: LINE_TYPE_WORDS[type] ?? type, value, tone: type === 'mobile' ? 'good' : 'neutral' }))} />
        <BarChart
          title="Opt-in status"
          bars={Object.entries(counts.optStatus).map(([status, value]) => ({
            label: optStatusWords(status),
            value,
            tone: status === 'opted_in' ? 'good' : status === 'opted_out' ? 'bad' : 'neutral',
          }))}
        />
      </div>
      <fieldset className="views" data-testid="results-views">
        <legend>View</legend>
        {VIEWS.map((v) => (
          <label key={v.id} className={view === v.id ? 'is-chosen' : undefined}>
            <input type="radio" name="results-view" checked={view === v.id} onChange={() => setView(v.id)} /> {v.label}
          </label>
        ))}
      </fieldset>
      <div className="filters">
        <FilterSelect label="Line type" value={lineType} values={lineTypes} words={(t) => LINE_TYPE_WORDS[t] ?? t} onChange={setLineType} />
        <FilterSelect label="Opt status" value={optStatus} values={optStatuses} words={optStatusWords} onChange={setOptStatus} />
        <label>
          Search <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </label>
        <span className="muted" data-testid="results-count">
          {formatCount(rows.length)} {rows.length === 1 ? 'number' : 'numbers'}
        </span>
        <span className="muted">Exports hold the numbers shown.</span>
      </div>
      <DataGrid
        key={`${view}|${lineType}|${optStatus}|${search}`}
        label="Results per number"
        columns={COLUMNS}
        rowCount={rows.length}
        initialRows={rows}
        fetchRows={noRows}
        headerRow={null}
        focusRow={null}
        rowNumbers={false}
      />
      {numbersTruncated && <p className="muted">The first 5,000 numbers are listed here and in the exports; the counts cover them all.</p>}
    </section>
  );
}
