import { dialog, type BrowserWindow } from 'electron';
import type { DialogPort } from '../api/api-handlers';

/** The file types the app reads (DESIGN.md §1 step 1). */
export const OPEN_FILE_FILTERS = [
  { name: 'CRM exports', extensions: ['csv', 'tsv', 'txt', 'xlsx', 'xlsm', 'xlsb', 'xls', 'ods', 'fods', 'numbers', 'htm', 'html', 'slk', 'dif'] },
  { name: 'All files', extensions: ['*'] },
];

export function electronDialog(parent: () => BrowserWindow | null): DialogPort {
  return {
    chooseFile: async ({ title }) => {
      const window = parent();
      const dialogOptions = { title: title ?? 'Open a CRM export', properties: ['openFile' as const], filters: OPEN_FILE_FILTERS };
      const result = window ? await dialog.showOpenDialog(window, dialogOptions) : await dialog.showOpenDialog(dialogOptions);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
}
