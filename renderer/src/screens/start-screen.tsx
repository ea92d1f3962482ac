import { SANDBOX_ACCOUNT } from '../../../shared/accounts/account';
import { useRef } from 'react';
import type { AppState } from '../state/app-state';
import type { Workflows } from '../state/workflows';
import { fileName } from '../format';

export function StartScreen({ state, flows }: { state: AppState; flows: Workflows }) {
  const picker = useRef<HTMLInputElement>(null);
  const inApp = state.startup.status === 'ready' && state.startup.info.shell === 'electron';
  const account = state.accounts.find((a) => a.name === state.activeAccount);
  const open = (): void => {
    if (inApp) void flows.chooseFile();
    else picker.current?.click();
  };
  return (
    <section className="screen start" aria-labelledby="start-title">
      <h2 id="start-title">Start with a CRM export</h2>
      <div className="dropzone">
        <p className="big">Drop a file anywhere on this window</p>
        <p className="muted">CSV, TSV, TXT, XLSX, XLSM, XLS or ODS. Nothing leaves this computer until you press Send.</p>
        <button type="button" className="primary" onClick={open}>
          Open a file…
        </button>
        <input
          ref={picker}
          type="file"
          hidden
          data-testid="file-picker"
          aria-label="Choose a file to open"
          accept=".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void flows.openDropped(file);
          }}
        />
      </div>
      <div className="columns">
        <section aria-labelledby="recent-title" className="panel">
          <h3 id="recent-title">Recent files</h3>
          {state.recent.length === 0 ? (
            <p className="muted">Files you open appear here.</p>
          ) : (
            <ul className="plain">
              {state.recent.map((path) => (
                <li key={path}>
                  <button type="button" className="link" title={path} onClick={() => void flows.openPath(path)}>
                    {fileName(path)}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="account-title" className="panel">
          <h3 id="account-title">Sending to</h3>
          {account ? (
            <>
              <p data-testid="active-account">
                <strong>{account.name}</strong> · {account.user}@{account.host}
                {account.name === SANDBOX_ACCOUNT && <span className="badge">simulated</span>}
              </p>
              {account.name === SANDBOX_ACCOUNT && <p className="muted">The built-in sandbox behaves like TextPower on this computer, so you can try everything. Add your real account in Settings.</p>}
            </>
          ) : (
            <p className="muted">No account yet.</p>
          )}
          <button type="button" onClick={() => flows.navigate('settings')}>
            Accounts and settings
          </button>
        </section>
      </div>
    </section>
  );
}
