/**
 * The config folder shared by the app and the CLI: the same folder Electron calls userData
 * (named after the product), or TXP_CONFIG_DIR when set (tests, portable installs).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PRODUCT_NAME } from '../app-meta';

export function configDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env['TXP_CONFIG_DIR']) return env['TXP_CONFIG_DIR'];
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), PRODUCT_NAME);
}
