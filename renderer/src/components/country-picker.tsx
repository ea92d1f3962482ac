import { useEffect, useId, useState } from 'react';
import { COUNTRIES, countryFromText, countryLabel } from '../../../shared/phone/countries';

/**
 * A searchable country field: type a name or a code, or pick from the list ("Germany (DE)").
 * Only a country it recognises is passed on; anything else says so and changes nothing.
 */
export function CountryPicker({ label, value, onChange }: { label: string; value: string; onChange: (code: string) => void }) {
  const listId = useId();
  const helpId = useId();
  const [text, setText] = useState(countryLabel(value));
  useEffect(() => {
    // A change from outside (another file, a profile) shows the new country.
    if (countryFromText(text) !== value) setText(countryLabel(value));
  }, [value]);
  const code = countryFromText(text);
  return (
    <span className="country-picker">
      <label>
        {label}{' '}
        <input
          list={listId}
          value={text}
          aria-describedby={helpId}
          aria-invalid={code === null}
          autoComplete="off"
          onChange={(event) => {
            setText(event.target.value);
            const picked = countryFromText(event.target.value);
            if (picked && picked !== value) onChange(picked);
          }}
          onBlur={() => code && setText(countryLabel(code))}
        />
      </label>
      <datalist id={listId}>
        {COUNTRIES.map((c) => (
          <option key={c.code} value={c.label} />
        ))}
      </datalist>
      <span id={helpId} className={code === null ? 'notice error' : 'muted'} data-testid="country-help">
        {code === null ? 'Not a country this app knows: type its name (e.g. Germany) and pick it from the list.' : `Numbers without +code are read as numbers of ${countryLabel(code)}.`}
      </span>
    </span>
  );
}
