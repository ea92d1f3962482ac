/**
 * The layering rule is enforced twice: the lint rule rejects imports across layers, and each
 * layer's tsconfig hides the types it must not use. Both are shown to catch a violation.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function lintAs(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint layering rule', () => {
  it.each([
    ['shared/x.ts', "import { readFile } from 'node:fs';\nexport const r = readFile;\n"],
    ['shared/x.ts', "import path from 'path';\nexport const p = path;\n"],
    ['shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['shared/x.ts', "import { createApiHandlers } from '../main/api/create-api-handlers';\nexport const c = createApiHandlers;\n"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n"],
    ['renderer/src/x.ts', "import { writeFile } from 'node:fs/promises';\nexport const w = writeFile;\n"],
    ['renderer/src/x.ts', "import { dispatchRequest } from '../../main/api/dispatch';\nexport const d = dispatchRequest;\n"],
    ['main/api/x.ts', "import { dialog } from 'electron';\nexport const d = dialog;\n"],
    ['main/api/x.ts', "import { App } from '../../renderer/src/app';\nexport const a = App;\n"],
  ])('rejects in %s: %s', async (file, code) => {
    expect(await lintAs(file, code)).not.toEqual([]);
  });

  it.each([
    ['shared/x.ts', "import { z } from 'zod';\nexport const s = z.string();\n"],
    ['main/api/x.ts', "import { readFile } from 'node:fs/promises';\nexport const r = readFile;\n"],
    ['main/electron/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['renderer/src/x.ts', "import { TxpError } from '../../shared/txp-error';\nexport const t = TxpError;\n"],
  ])('allows in %s: %s', async (file, code) => {
    expect(await lintAs(file, code)).toEqual([]);
  });
});

describe('per-layer tsconfig', () => {
  const tsc = resolve(root, 'node_modules/typescript/bin/tsc');
  const check = (project: string) =>
    promisify(execFile)(process.execPath, [tsc, '-p', project], { cwd: root }).then(
      () => ({ failed: false, output: '' }),
      (error: { stdout?: string }) => ({ failed: true, output: error.stdout ?? '' }),
    );

  it('hides Node from shared/', async () => {
    const result = await check('test/fixtures/layering/shared');
    expect(result.failed).toBe(true);
    expect(result.output).toContain("Cannot find module 'node:fs'");
  });

  it('hides Node from renderer/', async () => {
    const result = await check('test/fixtures/layering/renderer');
    expect(result.failed).toBe(true);
    expect(result.output).toContain("Cannot find name 'process'");
  });
});
