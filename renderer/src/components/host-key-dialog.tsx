import { useEffect, useRef, useState } from 'react';
import type { HostKeyPrompt } from '../state/app-state';

/** A fingerprint as people paste it: with or without "SHA256:", spaces, a trailing "=". */
function normalized(fingerprint: string): string {
  return fingerprint
    .trim()
    .replace(/^SHA256:/i, '')
    .replace(/\s+/g, '')
    .replace(/=+$/, '');
}

/**
 * The server's key, trusted only on the user's word — and the user need not judge 43
 * characters by eye: the fingerprint can be copied, and the one TextPower gave pasted to
 * compare (green or red). First contact: trust it. A changed key: nothing is sent; once
 * TextPower confirms the new key (pasted and matching), it can be updated here.
 */
export function HostKeyDialog({ prompt, onTrust, onReplace, onClose }: { prompt: HostKeyPrompt; onTrust: () => void; onReplace: () => void; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [pasted, setPasted] = useState('');
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  const changed = prompt.status === 'changed';
  const compared = pasted.trim() === '' ? null : normalized(pasted) === normalized(prompt.fingerprint);
  const copy = (): void => {
    void navigator.clipboard?.writeText(prompt.fingerprint).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="hostkey-title" onCancel={onClose} data-testid="hostkey-dialog">
      <h2 id="hostkey-title">{changed ? 'The server’s key has changed — nothing was sent' : `First connection to “${prompt.account}”`}</h2>
      {changed ? (
        <p>
          The server now shows a new key, but <code>{prompt.pinned}</code> was trusted. This happens when TextPower replaces its server — or when someone is in between. Ask TextPower support whether
          their key changed and what its fingerprint is now.
        </p>
      ) : (
        <p>Before anything is sent, make sure this is TextPower’s server. TextPower support can give you the fingerprint of its SFTP server’s key; paste it below to compare.</p>
      )}
      <p className="fingerprint">
        <code data-testid="hostkey-fingerprint">{prompt.fingerprint}</code> <span className="muted">({prompt.algorithm})</span>{' '}
        <button type="button" className="small" onClick={copy} aria-label="Copy the fingerprint">
          {copied ? 'Copied' : 'Copy'}
        </button>
      </p>
      <label className="field">
        The fingerprint TextPower gave you
        <input value={pasted} onChange={(event) => setPasted(event.target.value)} placeholder="SHA256:…" aria-describedby="hostkey-compare" spellCheck={false} />
      </label>
      <p id="hostkey-compare" role="status" data-testid="hostkey-compare" className={compared === null ? 'muted' : compared ? 'notice good' : 'notice error'}>
        {compared === null
          ? 'Paste it to compare; nothing needs to be read by eye.'
          : compared
            ? 'It matches: this is the key TextPower gave you.'
            : 'It does not match. Do not trust this key; ask TextPower support.'}
      </p>
      <div className="dialog-actions">
        {changed ? (
          <>
            <button type="button" className={compared ? undefined : 'primary'} onClick={onClose}>
              Close
            </button>
            {compared && (
              <button type="button" className="primary" onClick={onReplace}>
                Update after confirming with TextPower
              </button>
            )}
          </>
        ) : (
          <>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="primary" disabled={compared === false} onClick={onTrust}>
              {prompt.then === 'send' ? 'Trust this key and send' : 'Trust this key'}
            </button>
          </>
        )}
      </div>
    </dialog>
  );
}
