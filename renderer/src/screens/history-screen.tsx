import type { HistoryEntryView } from '../../../shared/ipc-contract';
import type { AppState, ResultsTarget } from '../state/app-state';
import type { Workflows } from '../state/workflows';
import { fileName, formatBytes, formatCount, optStatusWords } from '../format';

export function HistoryScreen({ state, flows }: { state: AppState; flows: Workflows }) {
  const entries = state.history;
  return (
    <section className="screen history" aria-labelledby="history-title">
      <h2 id="history-title" tabIndex={-1}>
        History
      </h2>
      <p className="muted">Past uploads: what was sent where and how many numbers — never the numbers themselves. Get results asks again whether an upload was processed, and each number’s status.</p>
      {entries === null ? (
        <p role="status">Loading…</p>
      ) : entries.length === 0 ? (
        <p>Nothing sent yet.</p>
      ) : (
        <table className="history-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">File</th>
              <th scope="col">Account</th>
              <th scope="col">Keyword</th>
              <th scope="col">Numbers</th>
              <th scope="col">Outcome</th>
              <th scope="col">Results</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry, i) => (
              <tr key={`${entry.time}-${i}`}>
                <td>{new Date(entry.time).toLocaleString()}</td>
                <td title={entry.remoteName ? `${entry.sourceFile} — sent as ${entry.remoteName}, ${formatBytes(entry.bytes)}` : entry.sourceFile}>
                  {fileName(entry.sourceFile)}
                  {entry.automation && <span className="muted small"> by the automation “{entry.automation}”</span>}
                  {entry.mirrorRemovals ? <span className="muted small"> · {formatCount(entry.mirrorRemovals)} removed by mirror mode</span> : null}
                </td>
                <td>{entry.account}</td>
                <td>{entry.keyword ?? <span className="muted">the account’s</span>}</td>
                <td>{formatCount(entry.numbers)}</td>
                <td className={entry.outcome === 'uploaded' ? 'tone-good' : 'tone-bad'} title={entry.error ?? ''}>
                  {entry.outcome}
                  {entry.automation && entry.error && <span className="small tone-bad">: {entry.error}</span>}
                </td>
                <td data-testid="history-results">
                  <ResultsCell entry={entry} onGet={(target) => void flows.getResults(target)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** What History knows of an upload's results, and the button that fetches them (for uploads that kept their file and plan). */
function ResultsCell({ entry, onGet }: { entry: HistoryEntryView; onGet: (target: ResultsTarget) => void }) {
  if (entry.outcome !== 'uploaded') return <span className="muted">nothing was sent</span>;
  const summary = entry.results;
  const file = fileName(entry.sourceFile);
  const target: ResultsTarget | null =
    entry.plan && entry.sourcePath ? { sourceFile: entry.sourcePath, plan: entry.plan, account: entry.account, remoteName: entry.remoteName, keyword: entry.keyword } : null;
  return (
    <span className="history-results">
      <span>{summary ? summaryWords(summary) : 'not fetched yet'}</span>
      {target ? (
        <button type="button" className="small" onClick={() => onGet(target)} aria-label={`Get results of ${file}, sent ${new Date(entry.time).toLocaleString()}`}>
          {summary?.processed ? 'Get results again' : 'Get results'}
        </button>
      ) : (
        <span className="muted" title="This upload was made by an earlier version of the app, which did not keep its column choices.">
          {' '}
          (sent by an earlier version)
        </span>
      )}
    </span>
  );
}

function summaryWords(summary: NonNullable<HistoryEntryView['results']>): string {
  if (!summary.processed) return `not confirmed processed yet (asked ${new Date(summary.checkedAt).toLocaleString()})`;
  const counts = Object.entries(summary.optStatus)
    .sort(([, a], [, b]) => b - a)
    .map(([status, n]) => `${formatCount(n)} ${optStatusWords(status)}`)
    .join(' · ');
  return `processed${counts ? ` · ${counts}` : ''}${summary.statusSource === 'sandbox' ? ' (simulated)' : ''}`;
}
