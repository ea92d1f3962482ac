import { useEffect, useRef } from 'react';
import type { HostKeyPrompt } from '../state/app-state';

/**
 * First contact: the server's fingerprint, trusted only on the user's word. A changed key is
 * a refusal with an explanation; there is no "continue anyway".
 */
export function HostKeyDialog({ prompt, onTrust, onClose }: { prompt: HostKeyPrompt; onTrust: () => void; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  const changed = prompt.status === 'changed';
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="hostkey-title" onCancel={onClose} data-testid="hostkey-dialog">
      <h2 id="hostkey-title">{changed ? 'The server’s key has changed — nothing was sent' : `First connection to “${prompt.account}”`}</h2>
      {changed ? (
        <>
          <p>
            The server now shows the key <code>{prompt.fingerprint}</code>, but <code>{prompt.pinned}</code> was trusted. This happens when the server was replaced — or when someone is in between. Ask
            TextPower whether their key changed. If it did, remove and add the account again in Settings.
          </p>
          <div className="dialog-actions">
            <button type="button" className="primary" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      ) : (
        <>
          <p>Before anything is sent, confirm that this is the server’s key. TextPower can tell you its fingerprint.</p>
          <p className="fingerprint">
            <code data-testid="hostkey-fingerprint">{prompt.fingerprint}</code> <span className="muted">({prompt.algorithm})</span>
          </p>
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="primary" onClick={onTrust}>
              Trust this key and send
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
