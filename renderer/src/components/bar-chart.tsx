/**
 * A small horizontal bar chart drawn with plain elements: readable by screen readers (it is a
 * list of label and count), themed by CSS, and no chart library's weight for a few bars.
 */
export interface Bar {
  label: string;
  value: number;
  tone?: 'good' | 'bad' | 'neutral' | 'warn';
}

export function BarChart({ title, bars }: { title: string; bars: Bar[] }) {
  const shown = bars.filter((b) => b.value > 0);
  const max = Math.max(1, ...shown.map((b) => b.value));
  const total = shown.reduce((sum, b) => sum + b.value, 0);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {shown.length === 0 ? (
        <p className="muted">Nothing to show yet.</p>
      ) : (
        <ul>
          {shown.map((bar) => (
            <li key={bar.label}>
              <span className="chart-label">{bar.label}</span>
              <span className="chart-track" aria-hidden="true">
                <span className={`chart-bar tone-${bar.tone ?? 'neutral'}`} style={{ width: `${(bar.value / max) * 100}%` }} />
              </span>
              <span className="chart-value">
                {bar.value.toLocaleString('en-US')} <span className="muted">({Math.round((bar.value / total) * 100)}%)</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
