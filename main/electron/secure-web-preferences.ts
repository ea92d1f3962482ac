import type { WebPreferences } from 'electron';

/**
 * The page's webPreferences, per Electron's security checklist (docs/tutorial/security.md):
 * context isolation, the OS sandbox, no Node in the page or its workers or frames, web
 * security on, no insecure content, no <webview>, no experimental features.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}
