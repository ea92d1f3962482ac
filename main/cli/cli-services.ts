/** The services a `txp` command uses: the composition root's, for the config folder TXP_CONFIG_DIR (or the platform's) names. */
import { configDir } from '../config/config-dir';
import { ProfileStore } from '../config/profile-store';
import type { AppServices } from '../jobs/app-services';
import type { CliIo } from './cli-args';

/** All of them, loaded when a command needs more than profiles (the SFTP, SOAP and keychain modules come with them). */
export async function cliServices(io: CliIo): Promise<AppServices> {
  const { createAppServices } = await import('../jobs/app-services');
  return createAppServices({ configDir: configDir(io.env) });
}

/** The saved profiles alone: what `txp check` and `txp convert` need, without loading the rest. */
export function cliProfiles(io: CliIo): ProfileStore {
  return new ProfileStore(configDir(io.env));
}
