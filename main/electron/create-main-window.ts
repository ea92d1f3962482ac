/**
 * The one window factory: every window the app opens comes from here, with the security
 * checklist applied in one place (secure webPreferences, no new windows, no navigation away
 * from our page, no permissions, no <webview>).
 */
import type { BrowserWindow as BrowserWindowType, Session } from 'electron';
import electron from 'electron';
import { secureWebPreferences } from './secure-web-preferences';
import type { TrustedRenderer } from './trusted-sender';

export interface MainWindowOptions {
  preloadPath: string;
  renderer: TrustedRenderer;
  title: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindowType {
  const window = new electron.BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: options.title,
    backgroundColor: '#1f2329',
    webPreferences: secureWebPreferences(options.preloadPath),
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
