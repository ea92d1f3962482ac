/**
 * The window: a header with the steps of the job, the current screen, a notice line, the
 * host-key dialog, and a drop target that covers the whole window.
 */
import { SANDBOX_ACCOUNT } from '../../shared/accounts/account';
import { useEffect, useMemo, useState, type DragEvent } from 'react';
import { createStore, useAppState, type Store } from './state/store';
import type { Screen } from './state/app-state';
import { Workflows } from './state/workflows';
import { StartScreen } from './screens/start-screen';
import { PreviewScreen } from './screens/preview-screen';
import { MapScreen } from './screens/map-screen';
import { CheckScreen } from './screens/check-screen';
import { SendScreen } from './screens/send-screen';
import { ResultsScreen } from './screens/results-screen';
import { SettingsScreen } from './screens/settings-screen';
import { HistoryScreen } from './screens/history-screen';
import { HostKeyDialog } from './components/host-key-dialog';
import { ConfirmSendDialog } from './components/confirm-send-dialog';

const STEPS: { screen: Screen; label: string }[] = [
  { screen: 'start', label: 'Start' },
  { screen: 'preview', label: 'Preview' },
  { screen: 'map', label: 'Map' },
  { screen: 'check', label: 'Check' },
  { screen: 'send', label: 'Send' },
  { screen: 'results', label: 'Results' },
];

export function App({ store = defaultStore() }: { store?: Store }) {
  const flows = useMemo(() => new Workflows(store), [store]);
  const state = useAppState(store);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    let stop: (() => void) | undefined;
    let unmounted = false;
    void flows.start().then((off) => (unmounted ? off() : (stop = off)));
    return () => {
      unmounted = true;
      stop?.();
    };
  }, [flows]);

  // Move focus to the new screen's heading, so keyboard and screen-reader users land where the content is.
  useEffect(() => {
    const heading = document.querySelector<HTMLElement>('main h2');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }, [state.screen]);

  const onDrop = (event: DragEvent): void => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void flows.openDropped(file);
  };
  const ready = state.startup.status === 'ready';
  const reachable = (screen: Screen): boolean =>
    screen === 'start' ||
    (screen === 'results' ? state.results.status !== 'idle' || state.resultsLater : state.file !== null && (screen !== 'send' || state.check.status === 'done' || state.send.status !== 'idle'));
  const account = state.accounts.find((a) => a.name === state.activeAccount);

  return (
    <div
      className={`app${dragging ? ' is-dragging' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <header className="app-header">
        <div className="brand">
          <h1>TextPower Upload Assistant</h1>
          {ready && (
            <span className="app-meta" data-testid="app-info">
              Version {state.startup.status === 'ready' && state.startup.info.version} ·{' '}
              {state.startup.status === 'ready' && (state.startup.info.shell === 'electron' ? 'desktop app' : 'browser harness')}
            </span>
          )}
        </div>
        {ready && (
          <nav aria-label="Steps">
            <ol className="steps">
              {STEPS.map((step, i) => (
                <li key={step.screen}>
                  <button type="button" aria-current={state.screen === step.screen ? 'step' : undefined} disabled={!reachable(step.screen)} onClick={() => flows.navigate(step.screen)}>
                    <span className="step-number" aria-hidden="true">
                      {i + 1}
                    </span>
                    {step.label}
                  </button>
                </li>
              ))}
            </ol>
          </nav>
        )}
        {ready && (
          <div className="header-side">
            {account && (
              <span className="badge" data-testid="header-account" title={`${account.user}@${account.host}`}>
                {account.name === SANDBOX_ACCOUNT ? 'Sandbox (simulated)' : account.name}
              </span>
            )}
            <button type="button" aria-current={state.screen === 'history' ? 'page' : undefined} onClick={() => flows.navigate('history')}>
              History
            </button>
            <button type="button" aria-current={state.screen === 'settings' ? 'page' : undefined} onClick={() => flows.navigate('settings')}>
              Settings
            </button>
          </div>
        )}
      </header>
      <div className="notice-line" aria-live="polite">
        {state.notice && (
          <p className={`notice ${state.notice.level}`} role={state.notice.level === 'error' ? 'alert' : 'status'} data-testid="notice">
            {state.notice.message}{' '}
            <button type="button" className="link" aria-label="Dismiss" onClick={() => flows.dismissNotice()}>
              ×
            </button>
          </p>
        )}
      </div>
      <main>
        {state.startup.status === 'loading' && <p role="status">Starting…</p>}
        {state.startup.status === 'failed' && (
          <p role="alert" className="notice error">
            {state.startup.message}
          </p>
        )}
        {ready && <CurrentScreen screen={state.screen} state={state} flows={flows} />}
      </main>
      {state.confirmSend && <ConfirmSendDialog confirmation={state.confirmSend} onSend={(keyword) => void flows.confirmSend(keyword)} onClose={() => flows.cancelSend()} />}
      {state.hostKey && (
        <HostKeyDialog
          key={state.hostKey.fingerprint}
          prompt={state.hostKey}
          onTrust={() => void flows.trustHostKey()}
          onReplace={() => void flows.trustHostKey(true)}
          onClose={() => flows.dismissHostKey()}
        />
      )}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop the file to open it
        </div>
      )}
    </div>
  );
}

function CurrentScreen({ screen, state, flows }: { screen: Screen; state: ReturnType<Store['getState']>; flows: Workflows }) {
  switch (screen) {
    case 'start':
      return <StartScreen state={state} flows={flows} />;
    case 'preview':
      return <PreviewScreen state={state} flows={flows} />;
    case 'map':
      return <MapScreen state={state} flows={flows} />;
    case 'check':
      return <CheckScreen state={state} flows={flows} />;
    case 'send':
      return <SendScreen state={state} flows={flows} />;
    case 'results':
      return <ResultsScreen state={state} flows={flows} />;
    case 'settings':
      return <SettingsScreen state={state} flows={flows} />;
    case 'history':
      return <HistoryScreen state={state} flows={flows} />;
  }
}

let shared: Store | null = null;
function defaultStore(): Store {
  shared ??= createStore();
  return shared;
}
