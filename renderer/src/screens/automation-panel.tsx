/**
 * Settings › Automation: exports sent by themselves — each new file in a folder, or every day at
 * a set time the newest — with a saved profile, to an account's keyword; mirror mode explained
 * plainly; run now, run while the app is closed (the computer's scheduler), edit, remove.
 */
import { useState, type FormEvent } from 'react';
import type { AutomationView, RequestOf } from '../../../shared/ipc-contract';
import type { AppState } from '../state/app-state';
import type { Workflows } from '../state/workflows';

type Form = {
  name: string;
  folder: string;
  pattern: string;
  profile: string;
  account: string;
  keyword: string;
  when: 'new-file' | 'daily';
  at: string;
  mirror: boolean;
  maxRemovalPercent: string;
};

const SCHEDULER_WORDS = { windows: 'Windows Task Scheduler', launchd: 'macOS (a LaunchAgent)', systemd: 'a systemd timer', cron: 'cron' } as const;

export function AutomationPanel({ state, flows }: { state: AppState; flows: Workflows }) {
  const [editing, setEditing] = useState<{ form: Form; isNew: boolean } | null>(null);
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const automation = state.automation;
  const profiles = automation?.profiles ?? [];
  const blank = (): Form => ({
    name: '',
    folder: '',
    pattern: '*.csv',
    profile: profiles[0] ?? '',
    account: state.activeAccount ?? state.accounts[0]?.name ?? '',
    keyword: '',
    when: 'daily',
    at: '02:00',
    mirror: false,
    maxRemovalPercent: '20',
  });
  return (
    <section aria-labelledby="automation-title" className="panel">
      <div className="screen-head">
        <h3 id="automation-title">Automation</h3>
        <button type="button" onClick={() => setEditing({ form: blank(), isNew: true })} disabled={profiles.length === 0}>
          Add an automation
        </button>
      </div>
      <p className="muted">
        Send a CRM export without anyone at the keyboard: each new file that appears in a folder, or every day at a set time the newest one. A file is taken once it has stopped growing, then moved to
        a <code>sent</code> folder beside it (or <code>failed</code>, with the reason). The app does this while it is open; “Run when the app is closed” hands it to your computer’s scheduler.
      </p>
      {profiles.length === 0 && (
        <p className="notice warning" role="status">
          An automation applies a saved profile (which columns hold the numbers and tags). Open an export, set it up on the Map screen and choose “Save as profile” first.
        </p>
      )}
      {automation && automation.automations.length > 0 && (
        <table className="automations">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">What it does</th>
              <th scope="col">Last run</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {automation.automations.map((a) => (
              <tr key={a.name}>
                <th scope="row">
                  {a.name}
                  {a.installedWith && <span className="badge">also when closed</span>}
                </th>
                <td>{describe(a)}</td>
                <td>{lastRun(a)}</td>
                <td>
                  <div className="actions">
                    <button type="button" aria-label={`Run ${a.name} now`} onClick={() => void flows.runAutomation(a.name)}>
                      Run now
                    </button>
                    {stoppedToAsk(a) && (
                      <button type="button" aria-label={`Send ${a.name} anyway`} onClick={() => void flows.runAutomation(a.name, true)}>
                        Send anyway
                      </button>
                    )}
                    <button
                      type="button"
                      aria-label={a.installedWith ? `Stop running ${a.name} when the app is closed` : `Run ${a.name} when the app is closed`}
                      title={a.installedWith ? `Installed with ${SCHEDULER_WORDS[a.installedWith]}` : undefined}
                      onClick={() => void flows.scheduleAutomation(a.name, !a.installedWith)}
                    >
                      {a.installedWith ? 'Only while open' : 'Run when the app is closed'}
                    </button>
                    <button type="button" aria-label={`Edit ${a.name}`} onClick={() => setEditing({ form: formOf(a), isNew: false })}>
                      Edit
                    </button>
                    {confirmRemove === a.name ? (
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Confirm: remove ${a.name}`}
                        onClick={() => {
                          setConfirmRemove(null);
                          void flows.removeAutomation(a.name);
                        }}
                      >
                        Remove for good
                      </button>
                    ) : (
                      <button type="button" className="danger" aria-label={`Remove ${a.name}`} onClick={() => setConfirmRemove(a.name)}>
                        Remove
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <AutomationEditor
          initial={editing.form}
          isNew={editing.isNew}
          profiles={profiles}
          accounts={state.accounts.map((a) => a.name)}
          noKeychain={automation?.keychain === 'session'}
          onCancel={() => setEditing(null)}
          onSave={async (request) => {
            if (await flows.saveAutomation(request)) setEditing(null);
          }}
        />
      )}
    </section>
  );
}

/** Mirror mode stopped the last run to ask (a share of removals above the limit): "Send anyway" answers. */
function stoppedToAsk(a: AutomationView): boolean {
  return a.lastRun?.outcome === 'failed' && (a.lastRun.error ?? '').startsWith('Mirror mode stopped');
}

function describe(a: AutomationView): string {
  const files = a.pattern === '*' ? 'file' : `file named like ${a.pattern}`;
  const when = a.trigger.kind === 'daily' ? `Every day at ${a.trigger.at}, the newest ${files}` : `Each new ${files}`;
  const mirror = a.mirror ? ` Mirror mode: numbers that left the export are removed (it stops and asks above ${Math.round(a.maxRemovalShare * 100)} %).` : '';
  return `${when} in ${a.folder}, with the profile “${a.profile}”, to ${a.account}${a.keyword ? ` (keyword ${a.keyword})` : ''}.${mirror}`;
}

function lastRun(a: AutomationView): string {
  if (!a.lastRun) return 'not run yet';
  const when = new Date(a.lastRun.time).toLocaleString();
  if (a.lastRun.outcome === 'uploaded') return `${when}: sent ${a.lastRun.file}`;
  return `${when}: ${a.lastRun.file} not sent. ${a.lastRun.error ?? ''}`;
}

function formOf(a: AutomationView): Form {
  return {
    name: a.name,
    folder: a.folder,
    pattern: a.pattern,
    profile: a.profile,
    account: a.account,
    keyword: a.keyword ?? '',
    when: a.trigger.kind,
    at: a.trigger.kind === 'daily' ? a.trigger.at : '02:00',
    mirror: a.mirror,
    maxRemovalPercent: String(Math.round(a.maxRemovalShare * 100)),
  };
}

function AutomationEditor({
  initial,
  isNew,
  profiles,
  accounts,
  noKeychain,
  onCancel,
  onSave,
}: {
  initial: Form;
  isNew: boolean;
  profiles: string[];
  accounts: string[];
  noKeychain: boolean;
  onCancel: () => void;
  onSave: (request: RequestOf<'automation.save'>) => Promise<void>;
}) {
  const [form, setForm] = useState(initial);
  /** The value and change handler of a text field or a list of the form. */
  const field = (name: 'name' | 'folder' | 'pattern' | 'profile' | 'account' | 'keyword' | 'at' | 'maxRemovalPercent') => ({
    value: form[name],
    onChange: (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value }),
  });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void onSave({
      name: form.name.trim(),
      folder: form.folder.trim(),
      pattern: form.pattern.trim() || '*',
      profile: form.profile,
      account: form.account,
      keyword: form.keyword.trim() || null,
      trigger: form.when === 'daily' ? { kind: 'daily', at: form.at } : { kind: 'new-file', everyMinutes: 15 },
      mirror: form.mirror,
      maxRemovalShare: Math.min(100, Math.max(0, Number(form.maxRemovalPercent) || 0)) / 100,
      settleSeconds: 5,
    });
  };
  return (
    <form className="form-grid editor" onSubmit={submit} aria-label={isNew ? 'New automation' : `Edit ${initial.name}`}>
      <label>
        Name
        <input required pattern="[A-Za-z0-9][A-Za-z0-9 _\-]{0,59}" readOnly={!isNew} placeholder="Nightly CRM" {...field('name')} />
      </label>
      <label>
        Folder the CRM exports to
        <input required placeholder="C:\Exports or /home/me/exports" {...field('folder')} />
      </label>
      <label>
        Files to take
        <input placeholder="contacts_*.csv" {...field('pattern')} />
      </label>
      <label>
        Profile
        <select {...field('profile')}>
          {profiles.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </label>
      <label>
        Account
        <select {...field('account')}>
          {accounts.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
      </label>
      <label>
        Keyword (empty: the account’s)
        <input {...field('keyword')} />
      </label>
      <fieldset className="wide">
        <legend>When</legend>
        <label className="choice">
          <input type="radio" name="when" checked={form.when === 'daily'} onChange={() => setForm({ ...form, when: 'daily' })} /> Every day at{' '}
          <input type="time" aria-label="Time of day" disabled={form.when !== 'daily'} {...field('at')} />, the newest file
        </label>
        <label className="choice">
          <input type="radio" name="when" checked={form.when === 'new-file'} onChange={() => setForm({ ...form, when: 'new-file' })} /> Each new file, as it arrives
        </label>
      </fieldset>
      <fieldset className="wide">
        <legend>Mirror mode</legend>
        <label className="choice">
          <input type="checkbox" checked={form.mirror} onChange={(event) => setForm({ ...form, mirror: event.target.checked })} /> Also remove the numbers that are no longer in the export
        </label>
        <p className="muted">
          An upload only adds numbers. With mirror mode, a customer deleted from the CRM is removed from the keyword’s list at the next run. The first run only remembers the list (encrypted, with its
          key in the system keychain); a run that would remove more than the share below stops and asks, so a cut-short export never empties the list.
        </p>
        {form.mirror && noKeychain && (
          <p className="notice warning" role="status">
            Mirror mode needs the system keychain to keep its list encrypted, and none is available here: its runs will stop without sending until the keychain is unlocked.
          </p>
        )}
        <label className="narrow-field">
          Stop and ask when a run would remove more than (%)
          <input type="number" min={0} max={100} disabled={!form.mirror} {...field('maxRemovalPercent')} />
        </label>
      </fieldset>
      <div className="actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary">
          Save automation
        </button>
      </div>
    </form>
  );
}
