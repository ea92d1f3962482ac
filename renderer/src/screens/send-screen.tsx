import { SANDBOX_ACCOUNT } from '../../../shared/accounts/account';
import type { AppState } from '../state/app-state';
import type { Workflows } from '../state/workflows';
import { ProgressBar } from '../components/progress-bar';
import { JobFailure } from './job-failure';
import { formatBytes, formatCount, formatDuration } from '../format';

export function SendScreen({ state, flows }: { state: AppState; flows: Workflows }) {
  const send = state.send;
  const check = state.check;
  const account = state.accounts.find((a) => a.name === state.activeAccount);
  const numbers = check.status === 'done' ? check.value.summary.written : null;
  return (
    <section className="screen send" aria-labelledby="send-title">
      <h2 id="send-title">Send</h2>
      {account && (
        <div className="facts">
          <label>
            Account{' '}
            <select value={account.name} disabled={send.status === 'running'} onChange={(event) => flows.setActiveAccount(event.target.value)}>
              {state.accounts.map((a) => (
                <option key={a.name} value={a.name}>
                  {a.name === SANDBOX_ACCOUNT ? 'sandbox (simulated)' : a.name}
                </option>
              ))}
            </select>
          </label>
          <span className="muted">
            {account.user}@{account.host}:{account.port} → {account.uploadDir}
          </span>
        </div>
      )}
      {send.status === 'running' ? (
        <>
          <ProgressBar
            label={send.progress?.phase === 'upload' ? 'Uploading' : 'Preparing the file'}
            progress={send.progress}
            startedAt={send.startedAt}
            unit={send.progress?.phase === 'upload' ? 'bytes' : 'rows'}
          />
          <button type="button" onClick={() => void flows.cancel('send')}>
            Cancel
          </button>
        </>
      ) : send.status === 'failed' ? (
        <JobFailure
          title={send.code === 'CANCELED' ? 'The upload was cancelled' : 'The upload did not finish'}
          job={send}
          onRetry={() => void flows.askToSend()}
          onNavigate={(screen) => flows.navigate(screen)}
        />
      ) : send.status === 'done' ? (
        <p role="status" data-testid="send-done">
          Sent {formatCount(send.value.numbers)} numbers ({formatBytes(send.value.bytes)}) as {send.value.remoteName} in {formatDuration(send.value.seconds)}.{' '}
          <button type="button" className="link" onClick={() => flows.navigate('results')}>
            See the results
          </button>{' '}
          <button type="button" onClick={() => void flows.askToSend()}>
            Send again
          </button>
        </p>
      ) : (
        <>
          <p>{numbers === null ? 'The numbers are checked once more as the file is written.' : `${formatCount(numbers)} numbers will be sent. Nothing is left on this computer afterwards.`}</p>
          <button type="button" className="primary" disabled={!account || !state.file} onClick={() => void flows.askToSend()}>
            Send{account ? ` to ${account.name}` : ''}
          </button>
        </>
      )}
    </section>
  );
}
