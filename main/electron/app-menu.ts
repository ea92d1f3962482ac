import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openFile(): void;
  about(): void;
}

/** File › Open…, Quit; Help › About (plus the standard Edit and View roles a desktop user expects). */
export function appMenuTemplate(platform: NodeJS.Platform, actions: MenuActions): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [{ label: '&Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.openFile() }, { type: 'separator' }, isMac ? { role: 'close' } : { role: 'quit', label: '&Quit' }],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { role: 'help', submenu: [{ label: '&About', click: () => actions.about() }] },
  ];
}
