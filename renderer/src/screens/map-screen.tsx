import { useState } from 'react';
import { CountryPicker } from '../components/country-picker';
import { countryLabel } from '../../../shared/phone/countries';
import { identityColumns } from '../../../shared/mapping/suggest-mapping';
import { formatCount } from '../format';
import type { AppState, MappingDraft, Role } from '../state/app-state';
import type { Workflows } from '../state/workflows';

export function MapScreen({ state, flows }: { state: AppState; flows: Workflows }) {
  const draft = state.mapping;
  const inspect = state.inspect;
  const [profileName, setProfileName] = useState('');
  const preview = state.preview;
  if (!draft || inspect.status !== 'done') return <p role="status">Open a file first.</p>;
  const table = inspect.value;
  const check = state.check;
  const autoProfile = check.status === 'done' && check.value.profile?.automatic && !draft.explicit ? check.value.profile.name : null;
  const phoneCount = draft.roles.filter((c) => c.role === 'phone').length;
  const suggestedRemoval = table.suggestion.removeWhen;
  const hint = table.suggestion.countryHint;
  const identity = draft.identity ?? (check.status === 'done' ? check.value.plan.identity?.map((c) => c.index) : undefined) ?? identityColumns(table.columns.map((c) => c.header));
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
      {table.suggestion.mode === 'preformatted' && draft.mode === 'preformatted' && (
        <p className="notice info" data-testid="textpower-layout">
          This file is already in TextPower’s layout: phone numbers in the first column, groups in the others. It is sent that way, each number checked and cleaned.
        </p>
      )}
      <details className="advanced" open={draft.mode === 'preformatted' && table.suggestion.mode !== 'preformatted'}>
        <summary>Advanced: layout of the file</summary>
        <fieldset className="modes">
          <legend>Layout of the file</legend>
          <label>
            <input type="radio" name="mode" checked={draft.mode === 'preformatted'} onChange={() => update({ mode: 'preformatted' })} /> Preformatted: phone in the first column, every other column a
            tag
          </label>
          <label>
            <input type="radio" name="mode" checked={draft.mode === 'alp'} onChange={() => update({ mode: 'alp' })} /> Mapped: choose the phone and tag columns below
          </label>
        </fieldset>
      </details>
      {hint && hint.code !== draft.country && (
        <p className="notice info" data-testid="country-hint">
          {formatCount(hint.validHere)} of {formatCount(hint.total)} sampled numbers are valid as numbers of {countryLabel(draft.country)}, {formatCount(hint.valid)} as numbers of{' '}
          {countryLabel(hint.code)}.{' '}
          <button type="button" onClick={() => void flows.changeCountry(hint.code)}>
            Use {countryLabel(hint.code)}
          </button>
        </p>
      )}
      <div className="facts">
        <CountryPicker label="Country for numbers without +code" value={draft.country} onChange={(country) => void flows.changeCountry(country)} />
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
              <tr key={column.index}>
                <th scope="row">{columnName(draft, column)}</th>
                <td className="muted ellipsis" title={samples}>
                  {samples}
                </td>
                <td>
                  <select aria-label={`Role of ${columnName(draft, column)}`} value={role} disabled={disabled} onChange={(event) => flows.setRole(column.index, event.target.value as Role)}>
                    <option value="phone">Phone</option>
                    <option value="tag" title="A group (tag) in TextPower: the number joins the group named by this cell">
                      Group (tag)
                    </option>
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
              onChange={(event) => flows.setMapping({ ...draft, removeWhen: event.target.value ? { column: Number(event.target.value), values: draft.removeWhen?.values ?? 'Yes' } : null })}
            >
              <ColumnOptions draft={draft} />
            </select>
          </label>
          {draft.removeWhen && (
            <label>
              is one of{' '}
              <input
                value={draft.removeWhen.values}
                onChange={(event) => flows.setMapping({ ...draft, removeWhen: { column: draft.removeWhen?.column ?? 0, values: event.target.value } })}
                placeholder="Yes, TRUE, 1"
              />
            </label>
          )}
        </div>
        {suggestedRemoval && draft.removeWhen?.column === suggestedRemoval.column.index && (
          <p className="notice info" data-testid="removal-suggested">
            “{suggestedRemoval.column.header}” {suggestedRemoval.reason}, so a customer who said no in the CRM is not added. Choose “(no column)” to send every number as an addition.
          </p>
        )}
        <p className="muted">Such numbers are sent with a leading minus, and TextPower removes them from the list (an opt-out column in the CRM, for example).</p>
        <label>
          <input type="checkbox" checked={draft.leaveOutInternational} onChange={(event) => flows.setMapping({ ...draft, leaveOutInternational: event.target.checked })} /> Leave out numbers outside
          North America (TextPower needs an international campaign for them)
        </label>
      </fieldset>
      <fieldset className="panel identity">
        <legend>Whose number it is</legend>
        <div className="inline">
          {[0, 1].map((slot) => (
            <label key={slot}>
              {slot === 0 ? 'Show with each number' : 'and'}{' '}
              <select
                value={identity[slot] ?? ''}
                onChange={(event) => {
                  const chosen = [...identity];
                  if (event.target.value === '') chosen.splice(slot, 1);
                  else chosen[slot] = Number(event.target.value);
                  flows.setMapping({ ...draft, identity: [...new Set(chosen.filter((i) => i !== undefined))] });
                }}
              >
                <ColumnOptions draft={draft} />
              </select>
            </label>
          ))}
        </div>
        <p className="muted">A name, an e-mail or a CRM id, shown beside each problem and each result and found by Search. It stays on this computer: it is never sent to TextPower.</p>
      </fieldset>
      <section aria-labelledby="pf-title" className="panel">
        <h3 id="pf-title">The file that will be sent (first lines)</h3>
        {preview.status === 'done' && preview.value.lines.length > 0 ? (
          <pre className="pf-preview" data-testid="pf-preview">
            {preview.value.lines.join('\n')}
            {preview.value.more ? '\n…' : ''}
          </pre>
        ) : preview.status === 'done' ? (
          <p className="muted">No valid number in the first rows.</p>
        ) : preview.status === 'failed' ? (
          <p className="notice warning" data-testid="pf-preview-failed">
            {preview.message}
          </p>
        ) : (
          <p className="muted" role="status">
            Working out the first lines…
          </p>
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
          Save this mapping as a profile <input value={profileName} maxLength={100} onChange={(event) => setProfileName(event.target.value)} placeholder="e.g. Salesforce contacts" />
        </label>
        <button type="submit" disabled={!profileName.trim()}>
          Save profile
        </button>
      </form>
    </section>
  );
}

const ROLE_WORDS: Record<Role, string> = { phone: 'Phone', tag: 'Group (tag)', ignore: 'Ignore' };

/** The suggestion's reason; when the user chose otherwise, that too, so the suggestion can be gone back to. */
function whyText(role: Role, suggested: Role | undefined, reason: string): string {
  if (!suggested || role === suggested) return reason;
  return `Your choice. Suggested: ${ROLE_WORDS[suggested]}${reason ? ` (${reason})` : ''}.`;
}

/** "(no column)" and then every column of the file, as the options of a column select. */
function ColumnOptions({ draft }: { draft: MappingDraft }) {
  return (
    <>
      <option value="">(no column)</option>
      {draft.roles.map((c) => (
        <option key={c.index} value={c.index}>
          {columnName(draft, c)}
        </option>
      ))}
    </>
  );
}

/** A column's name for people; two columns with the same header are told apart by their position. */
function columnName(draft: MappingDraft, column: MappingDraft['roles'][number]): string {
  const shared = draft.roles.some((other) => other.index !== column.index && other.label === column.label);
  return shared ? `${column.label} (column ${column.index + 1})` : column.label;
}
