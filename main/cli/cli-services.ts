/** The services a `txp` command uses: the composition root's, for the config folder TXP_CONFIG_DIR (or the platform's) names. */
import { configDir } from '../config/config-dir';
import { createAppServices, type AppServices } from '../jobs/app-services';
import type { CliIo } from './cli-args';

export function cliServices(io: CliIo): Promise<AppServices> {
  return createAppServices({ configDir: configDir(io.env) });
}
