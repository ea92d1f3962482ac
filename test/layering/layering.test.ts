/**
 * The layering rule is enforced twice: the lint rule rejects imports across layers, and each
 * layer's tsconfig hides the types it must not use. Both are shown to catch a violation.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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
    // Packages by layer (PACKAGE_LAYERS): tsc alone lets shared/ import ssh2 (it has types).
    ['shared/x.ts', "import { Client } from 'ssh2';\nexport const c = Client;\n"],
    ['shared/mapping/x.ts', "import { Entry } from '@napi-rs/keyring';\nexport const e = Entry;\n"],
    ['renderer/src/x.ts', "import * as XLSX from 'xlsx';\nexport const x = XLSX;\n"],
    ['main/reading/x.ts', "import Papa from 'papaparse';\nexport const p = Papa;\n"],
    // The job's order (MAIN_LAYERS): no import points back up.
    ['main/reading/x.ts', "import { runListCheck } from '../checking/run-list-check';\nexport const r = runListCheck;\n"],
    ['main/checking/x.ts', "import { uploadFile } from '../sending/upload-file';\nexport const u = uploadFile;\n"],
    ['main/sending/x.ts', "import { sendList } from '../jobs/send-list';\nexport const s = sendList;\n"],
    ['main/results/x.ts', "import { startSandbox } from '../sandbox/start-sandbox';\nexport const s = startSandbox;\n"],
    ['main/jobs/x.ts', "import { runCli } from '../cli/txp';\nexport const r = runCli;\n"],
    ['main/app-meta-x.ts', "import { openTable } from './reading/open-table';\nexport const o = openTable;\n"],
    ['main/preload/x.ts', "import { ipcContract } from '../../shared/ipc-contract';\nexport const i = ipcContract;\n"],
    ['main/preload/x.ts', "import { readFile } from 'node:fs';\nexport const r = readFile;\n"],
  ])('rejects in %s: %s', async (file, code) => {
    expect(await lintAs(file, code)).not.toEqual([]);
  });

  it.each([
    ['shared/x.ts', "import { z } from 'zod';\nexport const s = z.string();\n"],
    ['main/api/x.ts', "import { readFile } from 'node:fs/promises';\nexport const r = readFile;\n"],
    ['main/electron/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['renderer/src/x.ts', "import { TxpError } from '../../shared/txp-error';\nexport const t = TxpError;\n"],
    ['main/jobs/x.ts', "import { openTable } from '../reading/open-table';\nexport const o = openTable;\n"],
    ['main/checking/x.ts', "import { analyzeLayout } from '../mapping/table-layout';\nexport const a = analyzeLayout;\n"],
    ['main/sending/x.ts', "import { Client } from 'ssh2';\nexport const c = Client;\n"],
    ['main/preload/x.ts', "import { contextBridge } from 'electron';\nimport { REQUEST_CHANNELS } from '../../shared/ipc-channels';\nexport const c = [contextBridge, REQUEST_CHANNELS];\n"],
  ])('allows in %s: %s', async (file, code) => {
    expect(await lintAs(file, code)).toEqual([]);
  });
});

describe('packages by layer', () => {
  it('classifies every package the installer ships, and ships every package main/ and shared/ use', async () => {
    const { PACKAGE_LAYERS } = (await import(pathToFileURL(resolve(root, 'eslint.config.js')).href)) as { PACKAGE_LAYERS: Record<string, string[]> };
    const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const runtime = new Set([...(PACKAGE_LAYERS['main'] ?? []), ...(PACKAGE_LAYERS['shared'] ?? [])]);
    // The installer's node_modules hold `dependencies`: each must be used at run time by main/ or shared/…
    expect(Object.keys(pkg.dependencies).filter((name) => !runtime.has(name))).toEqual([]);
    // …and each package main/ or shared/ imports must be among them (electron and the renderer's bundle are devDependencies).
    expect([...runtime].filter((name) => !(name in pkg.dependencies))).toEqual([]);
    const declared = { ...pkg.dependencies, ...pkg.devDependencies };
    expect(
      Object.values(PACKAGE_LAYERS)
        .flat()
        .filter((name) => !(name in declared)),
    ).toEqual([]);
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
