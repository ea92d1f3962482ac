import type { Progress } from '../state/app-state';
import { formatBytes, formatDuration } from '../format';

/** A progress bar with words: what is happening, how far, and (for transfers) rate and time left. */
export function ProgressBar({ label, progress, startedAt, unit }: { label: string; progress: Progress | null; startedAt: number; unit: 'rows' | 'bytes' | 'seconds' }) {
  const total = progress?.total ?? null;
  const done = progress?.done ?? 0;
  const fraction = total ? Math.min(1, done / total) : null;
  let detail = '';
  if (unit === 'bytes' && progress) {
    const seconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
    const rate = done / seconds;
    const left = total && rate > 0 ? (total - done) / rate : null;
    detail = `${formatBytes(done)}${total ? ` of ${formatBytes(total)}` : ''} · ${formatBytes(rate)}/s${left !== null ? ` · about ${formatDuration(left)} left` : ''}`;
  } else if (unit === 'rows' && progress) {
    detail = `${done.toLocaleString('en-US')} rows${total ? ` of ${total.toLocaleString('en-US')}` : ''}`;
  } else if (unit === 'seconds') {
    detail = `waiting ${formatDuration((Date.now() - startedAt) / 1000)}`;
  }
  return (
    <div className="progress">
      <div className="progress-words">
        <span>{label}</span>
        <span className="muted" data-testid="progress-detail">
          {detail}
        </span>
      </div>
      {fraction === null ? <progress aria-label={label} /> : <progress aria-label={label} max={1} value={fraction} />}
    </div>
  );
}
