/** Dependencies for the API handlers in tests: the real pipeline runner, a given dialog. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiDependencies } from '../../main/api/api-handlers';
import { PipelineRunner } from '../../main/jobs/pipeline-runner';
import { AccountService } from '../../main/sending/account-service';
import { AccountStore } from '../../main/sending/account-store';
import { SessionSecretStore } from '../../main/sending/secret-store';
import { ANY_FILE } from '../../main/api/file-grants';
import { AutomationService } from '../../main/automation/automation-service';
import { ProfileStore } from '../../main/config/profile-store';

export function testApiDeps(overrides: Partial<ApiDependencies> = {}): ApiDependencies {
  const configDir = overrides.configDir ?? mkdtempSync(join(tmpdir(), 'txp-config-'));
  const pipeline = overrides.pipeline ?? new PipelineRunner();
  // Unit tests keep secrets in memory; the real keychain has its own test (test/main/sending).
  const accounts = overrides.accounts ?? new AccountService(new AccountStore(configDir), new SessionSecretStore('test: secrets are kept in memory'));
  return {
    dialog: { chooseFile: async () => null },
    runtime: { shell: 'browser', electronVersion: null, chromeVersion: null },
    pipeline,
    configDir,
    accounts,
    // Tests of other things name their fixtures directly; the grants have their own test (test/hardening).
    files: ANY_FILE,
    automations: new AutomationService({ configDir, accounts, profiles: new ProfileStore(configDir), pipeline, sandbox: null, close: async () => undefined }),
    ...overrides,
  };
}
