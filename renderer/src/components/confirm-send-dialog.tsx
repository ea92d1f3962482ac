import { useEffect, useRef, useState } from 'react';
import { SANDBOX_ACCOUNT } from '../../../shared/accounts/account';
import { isKeyword } from '../../../shared/accounts/keyword';
import { formatCount } from '../format';

export interface SendConfirmation {
  account: string;
  /** The keyword last used for this account and mapping, or the account's own. */
  keyword: string;
  /** From the check of the current mapping; null when it has not run yet. */
  add: number | null;
  remove: number | null;
  fileName: string;
}

/**
 * Before anything goes: what is sent, where, and to which list. The keyword — the TextPower
 * list the numbers join — is shown, can be changed, and is required.
 */
export function ConfirmSendDialog({ confirmation, onSend, onClose }: { confirmation: SendConfirmation; onSend: (keyword: string) => void; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [keyword, setKeyword] = useState(confirmation.keyword);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  const trimmed = keyword.trim();
  const valid = isKeyword(trimmed);
  const where = confirmation.account === SANDBOX_ACCOUNT ? 'the sandbox (simulated)' : confirmation.account;
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="confirm-title" onCancel={onClose} data-testid="confirm-send">
      <h2 id="confirm-title">Send {confirmation.fileName}?</h2>
      <p className="confirm-summary" data-testid="confirm-summary">
        {confirmation.add === null ? 'The numbers are checked as the file is written' : `Add ${formatCount(confirmation.add)} · Remove ${formatCount(confirmation.remove ?? 0)}`} · to {where}
        {valid ? `, keyword ${trimmed}` : ''}
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (valid) onSend(trimmed);
        }}
      >
        <label className="field">
          Keyword — the TextPower list the numbers join
          <input value={keyword} onChange={(event) => setKeyword(event.target.value)} required aria-invalid={!valid} aria-describedby="keyword-help" autoFocus />
        </label>
        <p id="keyword-help" className={valid || trimmed === '' ? 'muted' : 'notice error'}>
          {trimmed === ''
            ? 'Every upload goes to one keyword. Your TextPower account lists its keywords; the one used here is remembered for this account and these columns.'
            : valid
              ? 'Remembered for this account and these columns.'
              : 'A keyword is one word of letters and digits, as it appears in your TextPower account.'}
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!valid}>
            Send
          </button>
        </div>
      </form>
    </dialog>
  );
}
