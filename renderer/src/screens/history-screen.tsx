import type { AppState } from '../state/app-state';
import { formatBytes, formatCount } from '../format';

export function HistoryScreen({ state }: { state: AppState }) {
  const entries = state.history;
  return (
    <section className="screen history" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <p className="muted">Past uploads: what was sent where and how many numbers — never the numbers themselves.</p>
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
              <th scope="col">Sent as</th>
              <th scope="col">Numbers</th>
              <th scope="col">Size</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry, i) => (
              <tr key={`${entry.time}-${i}`}>
                <td>{new Date(entry.time).toLocaleString()}</td>
                <td>{entry.sourceFile}</td>
                <td>{entry.account}</td>
                <td>
                  <code className="small">{entry.remoteName}</code>
                </td>
                <td>{formatCount(entry.numbers)}</td>
                <td>{formatBytes(entry.bytes)}</td>
                <td className={entry.outcome === 'uploaded' ? 'tone-good' : 'tone-bad'} title={entry.error ?? ''}>
                  {entry.outcome}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
