/** Dependencies for the API handlers in tests: the real pipeline runner, a given dialog. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiDependencies } from '../../main/api/api-handlers';
import { PipelineRunner } from '../../main/pipeline/pipeline-runner';

export function testApiDeps(overrides: Partial<ApiDependencies> = {}): ApiDependencies {
  return {
    dialog: { chooseFile: async () => null },
    runtime: { shell: 'browser', electronVersion: null, chromeVersion: null },
    pipeline: new PipelineRunner(),
    configDir: mkdtempSync(join(tmpdir(), 'txp-config-')),
    ...overrides,
  };
}
