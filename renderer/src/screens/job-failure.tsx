import { actionFor, adviceFor, type ErrorAction } from '../../../shared/error-advice';
import type { Screen } from '../state/app-state';

const ACTION_WORDS: Record<ErrorAction, { label: string; screen: Screen }> = {
  settings: { label: 'Open account settings', screen: 'settings' },
  file: { label: 'Choose another file', screen: 'start' },
};

/**
 * A failed step: what happened, what to do, and a way on (never a dead end): the step again,
 * and where the error's kind says the fix is (the account's settings, another file).
 */
export function JobFailure({
  title,
  job,
  onRetry,
  retryLabel,
  onNavigate,
}: {
  title: string;
  job: { code: string; message: string };
  onRetry?: () => void;
  retryLabel?: string;
  onNavigate?: (screen: Screen) => void;
}) {
  const advice = adviceFor(job.code);
  const action = onNavigate ? actionFor(job.code) : null;
  const go = action ? ACTION_WORDS[action] : null;
  return (
    <div role="alert" className="failure">
      <h3>{title}</h3>
      <p data-testid="failure-message">{job.message}</p>
      {advice && <p className="advice">{advice}</p>}
      {(onRetry || go) && (
        <div className="actions">
          {go && onNavigate && (
            <button type="button" className="primary" onClick={() => onNavigate(go.screen)}>
              {go.label}
            </button>
          )}
          {onRetry && (
            <button type="button" onClick={onRetry}>
              {retryLabel ?? 'Try again'}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
