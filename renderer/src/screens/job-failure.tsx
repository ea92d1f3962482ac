import { adviceFor } from '../../../shared/error-advice';

/** A failed step: what happened, what to do, and a way on (never a dead end). */
export function JobFailure({ title, job, onRetry, retryLabel }: { title: string; job: { code: string; message: string }; onRetry?: () => void; retryLabel?: string }) {
  const advice = adviceFor(job.code);
  return (
    <div role="alert" className="failure">
      <h3>{title}</h3>
      <p data-testid="failure-message">{job.message}</p>
      {advice && <p className="advice">{advice}</p>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {retryLabel ?? 'Try again'}
        </button>
      )}
    </div>
  );
}
