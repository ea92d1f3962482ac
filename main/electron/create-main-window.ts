/**
 * The one window factory: every window the app opens comes from here, with the security
 * checklist applied in one place (secure webPreferences, no new windows, no navigation away
 * from our page, no permissions, no <webview>).
 */
import { BrowserWindow, type Session } from 'electron';
import type { TrustedRenderer } from './trusted-sender';

export interface MainWindowOptions {
  preloadPath: string;
  renderer: TrustedRenderer;
  title: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: options.title,
    backgroundColor: '#1f2329',
    // Electron security checklist (docs/tutorial/security.md), written out here in the
    // BrowserWindow call so that reviewers and electronegativity see it where it applies.
    webPreferences: {
      preload: options.preloadPath, // eng-disable PRELOAD_JS_CHECK: our own bundled preload, one method per channel, never ipcRenderer
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
      // Middle-click must not open links in new windows (electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
    },
  });

  const contents = window.webContents;
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  denyAllPermissions(contents.session);

  window.once('ready-to-show', () => window.show());
  if (options.renderer.devOrigin) void window.loadURL(options.renderer.devOrigin);
  else void window.loadURL(options.renderer.fileUrl);
  return window;
}

/** The app needs no camera, microphone, notifications, geolocation or anything else. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
