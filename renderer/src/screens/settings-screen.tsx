import { API_DEFAULTS, SANDBOX_ACCOUNT } from '../../../shared/accounts/account';
import { CountryPicker } from '../components/country-picker';
import { AutomationPanel } from './automation-panel';
import { useState, type FormEvent } from 'react';
import type { Settings } from '../../../shared/ipc-contract';
import type { AccountView, AppState } from '../state/app-state';
import type { Workflows } from '../state/workflows';

type AccountForm = {
  name: string;
  user: string;
  host: string;
  port: string;
  keyFile: string;
  uploadDir: string;
  keyword: string;
  secret: string;
  /** TextPower web-service access: empty API user id for none. */
  apiUid: string;
  apiCampaign: string;
  apiUrl: string;
  apiOperation: string;
  apiSecret: string;
};

const EMPTY_FORM: AccountForm = {
  name: '',
  user: '',
  host: 'sftp.textpower.com',
  port: '22',
  keyFile: '',
  uploadDir: '/',
  keyword: '',
  secret: '',
  apiUid: '',
  apiCampaign: '',
  apiUrl: API_DEFAULTS.url,
  apiOperation: API_DEFAULTS.statusOperation,
  apiSecret: '',
};

export function SettingsScreen({ state, flows }: { state: AppState; flows: Workflows }) {
  const [editing, setEditing] = useState<{ form: AccountForm; isNew: boolean } | null>(null);
  const [settings, setSettings] = useState<Settings>(state.settings);
  return (
    <section className="screen settings" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <section aria-labelledby="accounts-title" className="panel">
        <div className="screen-head">
          <h3 id="accounts-title">Accounts</h3>
          <button type="button" onClick={() => setEditing({ form: EMPTY_FORM, isNew: true })}>
            Add an account
          </button>
        </div>
        {state.keychain?.warning && (
          <p className="notice warning" role="status">
            {state.keychain.warning}
          </p>
        )}
        <table className="accounts">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Server</th>
              <th scope="col">Password</th>
              <th scope="col">Trusted server key</th>
              <th scope="col">Web service</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.accounts.map((account) => (
              <tr key={account.name}>
                <th scope="row">
                  {account.name}
                  {account.name === state.activeAccount && <span className="badge">in use</span>}
                </th>
                <td>
                  {account.user}@{account.host}:{account.port}
                </td>
                <td>
                  {account.keychainLocked
                    ? 'unknown: the keychain is locked'
                    : account.keyFile
                      ? `key file${account.hasSecret ? ' (passphrase saved)' : ''}`
                      : account.hasSecret
                        ? 'saved'
                        : 'not saved'}
                </td>
                <td>
                  <code className="small">{account.hostKey?.fingerprint ?? 'not yet (asked on first send)'}</code>
                </td>
                <td title={account.api ? `API user ${account.api.uid}, campaign ${account.api.campaign}` : undefined}>
                  {account.api ? (account.hasApiSecret ? 'set up' : 'set up, no password') : 'not set up'}
                </td>
                <td>
                  <div className="actions">
                    <button type="button" aria-label={`Use ${account.name}`} onClick={() => flows.setActiveAccount(account.name)} disabled={account.name === state.activeAccount}>
                      Use
                    </button>
                    <button type="button" aria-label={`Test connection of ${account.name}`} onClick={() => void flows.testAccount(account.name)}>
                      Test connection
                    </button>
                    {account.api && (
                      <button type="button" aria-label={`Test web service of ${account.name}`} onClick={() => void flows.testApi(account.name)}>
                        Test web service
                      </button>
                    )}
                    {account.name !== SANDBOX_ACCOUNT && (
                      <>
                        <button type="button" aria-label={`Edit ${account.name}`} onClick={() => setEditing({ form: formOf(account), isNew: false })}>
                          Edit
                        </button>
                        <button type="button" className="danger" aria-label={`Remove ${account.name}`} onClick={() => void flows.removeAccount(account.name)}>
                          Remove
                        </button>
                      </>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {editing && (
          <AccountEditor
            initial={editing.form}
            isNew={editing.isNew}
            onCancel={() => setEditing(null)}
            onSave={async (request) => {
              if (await flows.saveAccount(request)) setEditing(null);
            }}
          />
        )}
      </section>
      <AutomationPanel state={state} flows={flows} />
      <form
        className="panel form-grid"
        aria-labelledby="general-title"
        onSubmit={(event) => {
          event.preventDefault();
          // Only this form's fields: the remembered account and keywords are the page's, not this form's copy.
          void flows.saveSettings({ ...state.settings, country: settings.country, phoneFormat: settings.phoneFormat, resultsTimeoutMinutes: settings.resultsTimeoutMinutes });
        }}
      >
        <h3 id="general-title">Numbers and results</h3>
        <CountryPicker label="Default country" value={settings.country} onChange={(country) => setSettings({ ...settings, country })} />
        <label>
          Phone format in the file sent
          <select value={settings.phoneFormat} onChange={(event) => setSettings({ ...settings, phoneFormat: event.target.value as Settings['phoneFormat'] })}>
            <option value="national">10 digits (2125550125), as TextPower shows</option>
            <option value="e164">+1 form (+12125550125)</option>
          </select>
        </label>
        <label>
          Wait for TextPower to process up to (minutes)
          <input
            type="number"
            min={1}
            max={240}
            value={settings.resultsTimeoutMinutes}
            onChange={(event) => setSettings({ ...settings, resultsTimeoutMinutes: Math.max(1, Math.min(240, Number(event.target.value) || 1)) })}
          />
        </label>
        <div>
          <button type="submit" className="primary">
            Save settings
          </button>
        </div>
      </form>
    </section>
  );
}

function formOf(account: AccountView): AccountForm {
  return {
    name: account.name,
    user: account.user,
    host: account.host,
    port: String(account.port),
    keyFile: account.keyFile ?? '',
    uploadDir: account.uploadDir,
    keyword: account.keyword ?? '',
    secret: '',
    apiUid: account.api?.uid ?? '',
    apiCampaign: account.api?.campaign ?? '',
    apiUrl: account.api?.url ?? API_DEFAULTS.url,
    apiOperation: account.api?.statusOperation ?? API_DEFAULTS.statusOperation,
    apiSecret: '',
  };
}

function AccountEditor({
  initial,
  isNew,
  onCancel,
  onSave,
}: {
  initial: AccountForm;
  isNew: boolean;
  onCancel: () => void;
  onSave: (request: Parameters<Workflows['saveAccount']>[0]) => Promise<void>;
}) {
  const [form, setForm] = useState(initial);
  const field = (name: keyof AccountForm) => ({ value: form[name], onChange: (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value }) });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void onSave({
      name: form.name.trim(),
      user: form.user.trim(),
      host: form.host.trim(),
      port: Number(form.port),
      keyFile: form.keyFile.trim() || null,
      uploadDir: form.uploadDir.trim(),
      keyword: form.keyword.trim() || null,
      ...(form.secret ? { secret: form.secret } : {}),
      api: form.apiUid.trim()
        ? {
            ...API_DEFAULTS,
            uid: form.apiUid.trim(),
            campaign: form.apiCampaign.trim(),
            url: form.apiUrl.trim() || API_DEFAULTS.url,
            statusOperation: form.apiOperation.trim() || API_DEFAULTS.statusOperation,
          }
        : null,
      ...(form.apiSecret ? { apiSecret: form.apiSecret } : {}),
    });
  };
  return (
    <form className="form-grid editor" onSubmit={submit} aria-label={isNew ? 'New account' : `Edit ${initial.name}`}>
      <label>
        Name
        <input required pattern="[\w .\-]{1,64}" readOnly={!isNew} {...field('name')} />
      </label>
      <label>
        SFTP user id
        <input required placeholder="txpftp012345" {...field('user')} />
      </label>
      <label>
        Host
        <input required {...field('host')} />
      </label>
      <label>
        Port
        <input type="number" min={1} max={65535} required {...field('port')} />
      </label>
      <label>
        Password{isNew ? '' : ' (leave empty to keep the saved one)'}
        <input type="password" autoComplete="new-password" {...field('secret')} />
      </label>
      <label>
        Private key file (optional)
        <input placeholder="/home/me/.ssh/id_ed25519" {...field('keyFile')} />
      </label>
      <label>
        Upload folder
        <input required {...field('uploadDir')} />
      </label>
      <label>
        Default keyword
        <input {...field('keyword')} />
      </label>
      <fieldset className="form-grid">
        <legend>TextPower web service (optional: per-number opt status after processing)</legend>
        <p className="muted">TextPower grants web-service (SOAP) access per account on request. Its login is not the SFTP one.</p>
        <label>
          API user id
          <input {...field('apiUid')} />
        </label>
        <label>
          Campaign
          <input required={form.apiUid.trim() !== ''} {...field('apiCampaign')} />
        </label>
        <label>
          API password{isNew ? '' : ' (leave empty to keep the saved one)'}
          <input type="password" autoComplete="new-password" {...field('apiSecret')} />
        </label>
        <label>
          Service address
          <input type="url" {...field('apiUrl')} />
        </label>
        <label>
          Status operation
          <input {...field('apiOperation')} />
        </label>
      </fieldset>
      <p className="muted">Passwords go to the system keychain, never to a file.</p>
      <div className="actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary">
          Save account
        </button>
      </div>
    </form>
  );
}
