import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/ipc-contract';
import { TxpError } from '../../shared/txp-error';
import { txpApi } from './api/txp-api';

type Load = { state: 'loading' } | { state: 'ready'; info: AppInfo } | { state: 'failed'; message: string };

export function App() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [openedPath, setOpenedPath] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    let api;
    try {
      api = txpApi();
    } catch (error) {
      setLoad({ state: 'failed', message: messageOf(error) });
      return;
    }
    api.appInfo().then(
      (info) => setLoad({ state: 'ready', info }),
      (error: unknown) => setLoad({ state: 'failed', message: messageOf(error) }),
    );
    return api.on('menu.fileOpened', ({ path }) => setOpenedPath(path));
  }, []);

  const openFile = async (): Promise<void> => {
    setNotice(null);
    try {
      const result = await txpApi().dialogOpenFile({ title: 'Open a CRM export' });
      if (!result.canceled) setOpenedPath(result.path);
    } catch (error) {
      setNotice(messageOf(error));
    }
  };

  return (
    <main className="app">
      <header className="app-header">
        <h1>TextPower Upload Assistant</h1>
        {load.state === 'ready' && (
          <p className="app-meta" data-testid="app-info">
            Version {load.info.version} · {load.info.platform} · {load.info.shell === 'electron' ? 'desktop app' : 'browser harness'}
          </p>
        )}
      </header>
      {load.state === 'loading' && <p role="status">Starting…</p>}
      {load.state === 'failed' && (
        <p role="alert" className="error">
          {load.message}
        </p>
      )}
      {load.state === 'ready' && (
        <section className="start" aria-labelledby="start-title">
          <h2 id="start-title">Start with a CRM export</h2>
          <p>Open a CSV, TSV, TXT, XLSX, XLSM, XLS or ODS file. Nothing leaves this computer until you press Send.</p>
          <button type="button" className="primary" onClick={() => void openFile()}>
            Open a file…
          </button>
          {openedPath && (
            <p data-testid="opened-path">
              Selected: <code>{openedPath}</code>
            </p>
          )}
          {notice && (
            <p role="alert" className="notice">
              {notice}
            </p>
          )}
        </section>
      )}
    </main>
  );
}

function messageOf(error: unknown): string {
  if (error instanceof TxpError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
