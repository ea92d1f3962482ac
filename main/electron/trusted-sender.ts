/**
 * Only our own page may call the API (Electron security checklist: "Validate the sender of
 * all IPC messages"). A message is trusted when it comes from the top frame of a window we
 * created, and that frame shows our renderer: the packaged index.html, or the dev server.
 */
export interface SenderFrameLike {
  url: string;
  parent: unknown;
}

export interface TrustedRenderer {
  /** file:// URL of the built index.html, e.g. file:///…/out/renderer/index.html */
  fileUrl: string;
  /** The dev server origin while developing (`electron-vite dev`), else null. */
  devOrigin: string | null;
}

export function isTrustedSenderFrame(frame: SenderFrameLike | null | undefined, renderer: TrustedRenderer): boolean {
  if (!frame || frame.parent !== null) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  if (url.protocol === 'file:') {
    const expected = new URL(renderer.fileUrl);
    return url.pathname === expected.pathname;
  }
  return renderer.devOrigin !== null && url.origin === renderer.devOrigin;
}
