import { useMemo, useState } from 'react';
import type { AppState, RowChange } from '../state/app-state';
import type { Workflows } from '../state/workflows';
import { BarChart } from '../components/bar-chart';
import { FilterSelect } from '../components/filter-select';
import { ProgressBar } from '../components/progress-bar';
import { ProblemTable } from '../components/problem-table';
import { countryLabel } from '../../../shared/phone/countries';
import { JobFailure } from './job-failure';
import { LINE_TYPE_WORDS, REASON_WORDS, formatCount } from '../format';

export function CheckScreen({ state, flows }: { state: AppState; flows: Workflows }) {
  const check = state.check;
  const [reason, setReason] = useState('');
  const [search, setSearch] = useState('');
  const [exporting, setExporting] = useState(false);
  const [loadingAll, setLoadingAll] = useState(false);
  const changes = state.mapping?.rowChanges ?? [];
  const problems = useMemo(() => {
    if (check.status !== 'done') return [];
    const needle = search.trim().toLowerCase();
    return check.value.problems.filter((p) => (!reason || p.reason === reason) && (!needle || `${p.value} ${p.column} ${p.row} ${p.who ?? ''}`.toLowerCase().includes(needle)));
  }, [check, reason, search]);
  if (check.status === 'idle') return <p role="status">Open a file and map its columns first.</p>;
  if (check.status === 'running') {
    return (
      <section className="screen" aria-labelledby="check-title">
        <h2 id="check-title">Checking every number…</h2>
        <ProgressBar label="Checking" progress={check.progress} startedAt={check.startedAt} unit="rows" />
        <button type="button" onClick={() => void flows.cancel('check')}>
          Cancel
        </button>
      </section>
    );
  }
  if (check.status === 'failed') return <JobFailure title="The check did not finish" job={check} onRetry={() => void flows.check()} onNavigate={(screen) => flows.navigate(screen)} />;
  const { summary, problemsTruncated } = check.value;
  const leftOut = summary.invalid + summary.duplicates;
  const account = state.activeAccount;
  const reasons = Object.keys(summary.invalidReasons);
  const hint = state.inspect.status === 'done' ? state.inspect.value.suggestion.countryHint : null;
  return (
    <section className="screen check" aria-labelledby="check-title">
      <div className="screen-head">
        <h2 id="check-title">Check</h2>
        <button type="button" className="primary" disabled={summary.written === 0 || !account} onClick={() => void flows.askToSend()}>
          Send {formatCount(summary.written)} numbers{account ? ` to ${account}` : ''}
        </button>
      </div>
      <div className="tiles" data-testid="check-counts">
        <Tile label="Rows" value={summary.rows} />
        <Tile label="Numbers found" value={summary.numbers} />
        <Tile label="Valid" value={summary.valid} tone="good" />
        <Tile label="Invalid" value={summary.invalid} tone={summary.invalid > 0 ? 'bad' : undefined} />
        <Tile label="Duplicates" value={summary.duplicates} />
        <Tile label="To add" value={summary.written - summary.removals} tone="good" />
        <Tile label="To remove" value={summary.removals} />
      </div>
      <p className="muted" data-testid="check-add-remove">
        Will be sent: add {formatCount(summary.written - summary.removals)} · remove {formatCount(summary.removals)}
        {summary.removals > 0 ? ' (their rows say they opted out, as chosen on the Map screen)' : ''}.
        {summary.rowsLeftOut > 0 ? ` ${formatCount(summary.rowsLeftOut)} ${summary.rowsLeftOut === 1 ? 'row' : 'rows'} left out by you.` : ''}
        {summary.cellsEdited > 0 ? ` ${formatCount(summary.cellsEdited)} ${summary.cellsEdited === 1 ? 'cell' : 'cells'} corrected by you.` : ''}
      </p>
      {summary.written === 0 && (
        <p className="notice error" role="alert" data-testid="nothing-to-send">
          Nothing to send: {summary.numbers === 0 ? 'no phone number was found in the phone columns' : 'none of the numbers found is valid'}. Check the phone column and the country on the Map screen.{' '}
          <button type="button" onClick={() => flows.navigate('map')}>
            Open the Map screen
          </button>
        </p>
      )}
      {leftOut > 0 && (
        <p className="notice warning" role="status">
          {formatCount(leftOut)} {leftOut === 1 ? 'number is' : 'numbers are'} left out ({formatCount(summary.invalid)} invalid, {formatCount(summary.duplicates)} duplicates). They do not stop the
          valid ones from being sent.
        </p>
      )}
      {hint && summary.invalid > 0 && hint.code !== state.mapping?.country && (
        <p className="notice warning" data-testid="check-country-hint">
          Many of these numbers may be numbers of {countryLabel(hint.code)}: {formatCount(hint.valid)} of {formatCount(hint.total)} sampled numbers are valid there, {formatCount(hint.validHere)} as
          numbers of {countryLabel(state.mapping?.country ?? '')}.{' '}
          <button type="button" onClick={() => void flows.changeCountry(hint.code).then(() => flows.check())}>
            Use {countryLabel(hint.code)}
          </button>
        </p>
      )}
      {summary.international > 0 && (
        <p className="notice info" role="status" data-testid="check-international">
          {formatCount(summary.international)} {summary.international === 1 ? 'number is' : 'numbers are'} outside North America.{' '}
          {summary.internationalLeftOut > 0
            ? 'They are left out, as chosen on the Map screen.'
            : 'They are sent in international form (+44…); TextPower needs an international campaign for them. The Map screen can leave them out.'}
        </p>
      )}
      <div className="columns">
        <BarChart
          title="Line type (from the numbering plan)"
          bars={Object.entries(summary.lineTypes).map(([type, value]) => ({ label: LINE_TYPE_WORDS[type] ?? type, value, tone: type === 'mobile' ? 'good' : 'neutral' }))}
        />
        <BarChart title="Why numbers are invalid" bars={Object.entries(summary.invalidReasons).map(([r, value]) => ({ label: REASON_WORDS[r] ?? r, value, tone: 'bad' }))} />
      </div>
      {changes.length > 0 && <RowChanges changes={changes} flows={flows} />}
      <section aria-labelledby="problems-title">
        <div className="screen-head">
          <h3 id="problems-title">Problems</h3>
          <button
            type="button"
            disabled={check.value.problems.length === 0 || exporting}
            onClick={() => {
              setExporting(true);
              void flows.exportProblemReport().finally(() => setExporting(false));
            }}
          >
            {exporting ? 'Preparing the report…' : 'Export every problem (CSV)'}
          </button>
        </div>
        <div className="filters">
          <FilterSelect label="Reason" value={reason} values={[...new Set([...reasons, ...check.value.problems.map((p) => p.reason)])]} words={(r) => REASON_WORDS[r] ?? r} onChange={setReason} />
          <label>
            Search <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
          </label>
        </div>
        {problems.length === 0 ? <p className="muted">No problems{reason || search ? ' match' : ''}.</p> : <ProblemTable problems={problems} flows={flows} />}
        {problemsTruncated && (
          <p className="muted" data-testid="problems-truncated">
            These are the first {formatCount(check.value.problems.length)} problems, numbers that will not be sent first.{' '}
            <button
              type="button"
              disabled={loadingAll}
              onClick={() => {
                setLoadingAll(true);
                void flows.showEveryProblem().finally(() => setLoadingAll(false));
              }}
            >
              {loadingAll ? 'Listing every problem…' : 'List every problem'}
            </button>
          </p>
        )}
      </section>
    </section>
  );
}

/** What the user changed from this screen: sent instead of the file, each one undoable. */
function RowChanges({ changes, flows }: { changes: readonly RowChange[]; flows: Workflows }) {
  return (
    <section className="row-changes notice info" aria-labelledby="changes-title" data-testid="row-changes">
      <div className="screen-head">
        <h3 id="changes-title">Your changes ({formatCount(changes.length)})</h3>
        <button type="button" onClick={() => flows.undoRowChange()}>
          Undo last change
        </button>
      </div>
      <p className="muted">They change what is sent from this file, in this app only: your file itself is not changed. Fix the CRM too, or the next export brings the problem back.</p>
      <ul>
        {changes.map((change, i) => (
          <li key={i}>
            {change.kind === 'leave-out' ? (
              <span>Row {change.row} left out: nothing of it is sent.</span>
            ) : (
              <span>
                Row {change.row}, {change.label}: <code>{change.was || '(empty)'}</code> → <code>{change.value || '(empty)'}</code>
              </span>
            )}{' '}
            <button
              type="button"
              className="link"
              aria-label={`Undo: ${change.kind === 'leave-out' ? `leave out row ${change.row}` : `correct row ${change.row}, ${change.label}`}`}
              onClick={() => flows.undoRowChange(i)}
            >
              Undo
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Tile({ label, value, tone }: { label: string; value: number; tone?: 'good' | 'bad' | undefined }) {
  return (
    <div className={`tile${tone ? ` tone-${tone}` : ''}`}>
      <span className="tile-value">{formatCount(value)}</span>
      <span className="tile-label">{label}</span>
    </div>
  );
}
