import { useMemo, useState } from 'react';
import { checkPhoneCell, toCountryCode } from '../../../shared/phone/check-phone-cell';
import { cleanTag } from '../../../shared/formats/clean-tag';
import type { AppState, MappingDraft, Role } from '../state/app-state';
import type { Workflows } from '../state/workflows';

const PREVIEW_LINES = 8;

export function MapScreen({ state, flows }: { state: AppState; flows: Workflows }) {
  const draft = state.mapping;
  const inspect = state.inspect;
  const [profileName, setProfileName] = useState('');
  const preview = useMemo(() => (draft && inspect.status === 'done' ? preformattedPreview(draft, inspect.value.preview, inspect.value.headerRow, state.settings.phoneFormat) : null), [draft, inspect, state.settings.phoneFormat]);
  if (!draft || inspect.status !== 'done') return <p role="status">Open a file first.</p>;
  const table = inspect.value;
  const check = state.check;
  const autoProfile = check.status === 'done' && check.value.profile?.automatic && !draft.explicit ? check.value.profile.name : null;
  const phoneCount = draft.roles.filter((c) => c.role === 'phone').length;
  const update = (change: Partial<MappingDraft>): void => flows.setMapping({ ...draft, ...change, explicit: true });
  return (
    <section className="screen map" aria-labelledby="map-title">
      <div className="screen-head">
        <h2 id="map-title">Map the columns</h2>
        <button
          type="button"
          className="primary"
          disabled={draft.mode === 'alp' && phoneCount === 0}
          onClick={() => {
            void flows.check();
            flows.navigate('check');
          }}
        >
          Next: check the numbers
        </button>
      </div>
      {autoProfile && (
        <p className="notice info" role="status" data-testid="auto-profile">
          The saved profile “{autoProfile}” was applied, because this file has the same columns.{' '}
          <button type="button" className="link" onClick={() => flows.undoProfile()}>
            Undo
          </button>
        </p>
      )}
      <fieldset className="modes">
        <legend>Layout of the file</legend>
        <label>
          <input type="radio" name="mode" checked={draft.mode === 'preformatted'} onChange={() => update({ mode: 'preformatted' })} /> Preformatted: phone in the first column, every other
          column a tag
        </label>
        <label>
          <input type="radio" name="mode" checked={draft.mode === 'alp'} onChange={() => update({ mode: 'alp' })} /> Mapped: choose the phone and tag columns below
        </label>
      </fieldset>
      <div className="facts">
        <label>
          Country for numbers without +code{' '}
          <input
            className="narrow"
            value={draft.country}
            maxLength={2}
            aria-describedby="country-help"
            onChange={(event) => {
              const country = event.target.value.toUpperCase();
              flows.setMapping({ ...draft, country, explicit: draft.explicit });
            }}
          />
        </label>
        <span id="country-help" className="muted">
          {toCountryCode(draft.country) ? 'Two letters, e.g. US, CA, GB.' : 'Not a known country code.'}
        </span>
      </div>
      <table className="roles">
        <caption className="visually-hidden">Role of each column</caption>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Examples</th>
            <th scope="col">Role</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {draft.roles.map((column, i) => {
            const samples = table.columns[i]?.samples.slice(0, 3).join(' · ') ?? '';
            const disabled = draft.mode === 'preformatted';
            const role: Role = disabled ? (i === 0 ? 'phone' : 'tag') : column.role;
            return (
              <tr key={column.label}>
                <th scope="row">{column.label}</th>
                <td className="muted ellipsis" title={samples}>
                  {samples}
                </td>
                <td>
                  <select aria-label={`Role of ${column.label}`} value={role} disabled={disabled} onChange={(event) => flows.setRole(column.label, event.target.value as Role)}>
                    <option value="phone">Phone</option>
                    <option value="tag">Tag</option>
                    <option value="ignore">Ignore</option>
                  </select>
                </td>
                <td className="muted">{whyText(role, table.columns[i]?.role, column.reason)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {draft.mode === 'alp' && phoneCount === 0 && (
        <p role="alert" className="notice error">
          Choose at least one phone column.
        </p>
      )}
      <fieldset className="panel removals">
        <legend>Numbers to remove from the keyword’s list</legend>
        <div className="inline">
          <label>
            Remove the numbers of rows where{' '}
            <select
              value={draft.removeWhen?.column ?? ''}
              onChange={(event) => flows.setMapping({ ...draft, removeWhen: event.target.value ? { column: event.target.value, values: draft.removeWhen?.values ?? 'Yes' } : null })}
            >
              <option value="">(no column)</option>
              {draft.roles.map((c) => (
                <option key={c.label} value={c.label}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          {draft.removeWhen && (
            <label>
              is one of{' '}
              <input value={draft.removeWhen.values} onChange={(event) => flows.setMapping({ ...draft, removeWhen: { column: draft.removeWhen?.column ?? '', values: event.target.value } })} placeholder="Yes, TRUE, 1" />
            </label>
          )}
        </div>
        <p className="muted">Such numbers are sent with a leading minus, and TextPower removes them from the list (an opt-out column in the CRM, for example).</p>
      </fieldset>
      <section aria-labelledby="pf-title" className="panel">
        <h3 id="pf-title">The file that will be sent (first lines)</h3>
        {preview && preview.length > 0 ? (
          <pre className="pf-preview" data-testid="pf-preview">
            {preview.join('\n')}
          </pre>
        ) : (
          <p className="muted">No valid number in the first rows.</p>
        )}
      </section>
      <form
        className="inline panel"
        onSubmit={(event) => {
          event.preventDefault();
          if (!profileName.trim()) return;
          flows.setMapping({ ...draft, explicit: true, saveProfile: profileName.trim() });
          setProfileName('');
          void flows.check();
        }}
      >
        <label>
          Save this mapping as a profile{' '}
          <input value={profileName} maxLength={100} onChange={(event) => setProfileName(event.target.value)} placeholder="e.g. Salesforce contacts" />
        </label>
        <button type="submit" disabled={!profileName.trim()}>
          Save profile
        </button>
      </form>
    </section>
  );
}

const ROLE_WORDS: Record<Role, string> = { phone: 'Phone', tag: 'Tag', ignore: 'Ignore' };

/** The suggestion's reason; when the user chose otherwise, that too, so the suggestion can be gone back to. */
function whyText(role: Role, suggested: Role | undefined, reason: string): string {
  if (!suggested || role === suggested) return reason;
  return `Your choice. Suggested: ${ROLE_WORDS[suggested]}${reason ? ` (${reason})` : ''}.`;
}

/** The first lines of the Preformatted file, computed here with the pipeline's own checks. */
function preformattedPreview(draft: MappingDraft, rows: string[][], headerRow: number | null, phoneFormat: 'e164' | 'national'): string[] {
  const country = toCountryCode(draft.country);
  if (!country) return [];
  const phoneColumns = draft.mode === 'preformatted' ? [0] : draft.roles.flatMap((c, i) => (c.role === 'phone' ? [i] : []));
  const tagColumns = draft.mode === 'preformatted' ? draft.roles.map((_, i) => i).slice(1) : draft.roles.flatMap((c, i) => (c.role === 'tag' ? [i] : []));
  const removeColumn = draft.removeWhen ? draft.roles.findIndex((c) => c.label === draft.removeWhen?.column) : -1;
  const removeValues = new Set((draft.removeWhen?.values ?? '').split(',').map((v) => v.trim().toLowerCase()).filter((v) => v !== ''));
  const lines: string[] = [];
  for (const row of rows.slice(headerRow ?? 0)) {
    const tags = tagColumns.map((i) => cleanTag(row[i] ?? '').tag);
    const removeRow = removeColumn >= 0 && removeValues.has((row[removeColumn] ?? '').trim().toLowerCase());
    for (const i of phoneColumns) {
      for (const number of checkPhoneCell(row[i] ?? '', country)) {
        if (!number.valid || !number.e164) continue;
        const phone = phoneFormat === 'national' ? (number.national ?? number.e164) : number.e164;
        lines.push(number.removal || removeRow ? `-${phone}` : [phone, ...tags].join(','));
        if (lines.length >= PREVIEW_LINES) return lines;
      }
    }
  }
  return lines;
}
