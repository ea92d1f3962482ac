// @ts-check
/**
 * Lint, including the layering rules (STYLE.md habit 1, after VS Code's `local/code-layering`
 * and Signal Desktop's per-layer package lists): the folder says where code runs and what it
 * may use, and an import that crosses a boundary is an error.
 *   shared/            no Node, DOM-only or Electron modules, nothing from main/ or renderer/
 *   main/<layer>/      only layers earlier in the job's order (MAIN_LAYERS), never electron
 *   main/electron/     the Electron shell; main/preload/: electron and shared/ipc-channels only
 *   renderer/          no Node, no electron, nothing from main/
 * and each layer imports only the packages PACKAGE_LAYERS gives it.
 */
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The folders of main/, in the order of the job: a folder may import itself and the folders
 * before it, never one after it (files at main/'s top, app-meta and package-root, are below all).
 * config → reading → mapping → checking → writing → sending → results, then the sandbox that
 * fakes the service, the jobs that compose the layers, the automations that run jobs unattended,
 * and the shells that serve them.
 */
export const MAIN_LAYERS = ['config', 'reading', 'mapping', 'checking', 'writing', 'sending', 'results', 'sandbox', 'jobs', 'automation', 'api', 'bridge', 'cli', 'electron'];

/**
 * Every package the code imports, by the layer that may import it. A package in none of
 * these is tooling (tests, build, lint) and must not be imported by shipped code; the
 * canary test in test/layering/ checks that package.json and this list agree.
 */
export const PACKAGE_LAYERS = {
  shared: ['libphonenumber-js', 'zod'],
  renderer: ['react', 'react-dom', '@tanstack/react-virtual', 'zod'],
  main: ['@napi-rs/keyring', 'chokidar', 'fflate', 'libphonenumber-js', 'picomatch', 'soap', 'ssh2', 'xlsx', 'zod'],
  electron: ['electron'],
  preload: ['electron'],
};

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));
const NO_NODE = {
  group: ['node:*', ...nodeBuiltins, ...nodeBuiltins.map((name) => `${name}/*`)],
  message: 'This layer does not run in Node: keep Node modules in main/.',
};
const NO_ELECTRON = {
  group: ['electron', 'electron/*'],
  message: 'Only the Electron layer (main/electron/) and the preload may import electron.',
};
const NO_MAIN = { regex: '^(\\.\\./)+main(/|$)', message: 'Reach main/ only through the IPC API, never by import.' };
const NO_RENDERER = { regex: '^(\\.\\./)+renderer(/|$)', message: 'Nothing imports the renderer.' };

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/**
 * Rejects every package import but `packages` (and Node's `node:` modules where `node` is set).
 * @param {string} layer @param {string[]} packages @param {{ node?: boolean }} [options]
 */
const onlyPackages = (layer, packages, options = {}) => ({
  regex: `^(?![./]|${options.node ? 'node:|' : ''}(?:${packages.map(escape).join('|')})(?:/|$))`,
  message: `${layer} may import only these packages: ${packages.join(', ')} (PACKAGE_LAYERS in eslint.config.js).`,
});

/** A main/ layer must not reach the layers after it. @param {string} layer */
const noLaterLayers = (layer) => {
  const later = MAIN_LAYERS.slice(MAIN_LAYERS.indexOf(layer) + 1);
  return later.length === 0
    ? []
    : [{ regex: `^(\\.\\./)+(${later.join('|')})(/|$)`, message: `main/${layer}/ comes before ${later.join(', ')} in the job's order (MAIN_LAYERS in eslint.config.js): it must not import them.` }];
};

/** @param {object[]} patterns */
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'bench-data/**', 'test/fixtures/layering/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  { files: ['shared/**/*.{ts,tsx}'], rules: restrict([NO_NODE, NO_ELECTRON, NO_MAIN, NO_RENDERER, onlyPackages('shared/', PACKAGE_LAYERS.shared)]) },
  {
    files: ['main/*.ts'],
    languageOptions: { globals: globals.node },
    rules: restrict([
      NO_ELECTRON,
      NO_RENDERER,
      { regex: `^\\./(${MAIN_LAYERS.join('|')}|preload)(/|$)`, message: "main/'s top files are below every layer." },
      onlyPackages('main/', PACKAGE_LAYERS.main, { node: true }),
    ]),
  },
  ...MAIN_LAYERS.filter((layer) => layer !== 'electron').map((layer) => ({
    files: [`main/${layer}/**/*.ts`],
    languageOptions: { globals: globals.node },
    rules: restrict([NO_ELECTRON, NO_RENDERER, ...noLaterLayers(layer), onlyPackages(`main/${layer}/`, PACKAGE_LAYERS.main, { node: true })]),
  })),
  {
    files: ['main/electron/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: restrict([NO_RENDERER, onlyPackages('main/electron/', [...PACKAGE_LAYERS.main, ...PACKAGE_LAYERS.electron], { node: true })]),
  },
  {
    files: ['main/preload/**/*.ts'],
    rules: restrict([
      NO_NODE,
      NO_RENDERER,
      { regex: '^\\.\\.?/(?!\\.\\./shared/ipc-channels$)', message: 'The sandboxed preload imports only shared/ipc-channels (it must stay tiny and hold no logic).' },
      onlyPackages('main/preload/', PACKAGE_LAYERS.preload),
    ]),
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    rules: restrict([NO_NODE, NO_ELECTRON, NO_MAIN, onlyPackages('renderer/', PACKAGE_LAYERS.renderer)]),
  },
  { files: ['test/**/*.{ts,tsx,mjs,cjs,js}', 'bin/**/*.mjs', 'build/**/*.mjs', '*.{js,ts,mjs}', 'renderer/vite.config.ts'], languageOptions: { globals: globals.node } },
);
