/** A labelled filter: "All", then one option per value, each shown in plain words. */
export function FilterSelect({
  label,
  value,
  values,
  words,
  onChange,
}: {
  label: string;
  value: string;
  values: readonly string[];
  words: (value: string) => string;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">All</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {words(v)}
          </option>
        ))}
      </select>
    </label>
  );
}
