// @ts-check
/**
 * Lint, including the layering rule (STYLE.md habit 1, after VS Code's `local/code-layering`):
 * the folder says where code runs, and imports that cross a layer's boundary are errors.
 *   shared/         no Node, no DOM-only or Electron modules, nothing from main/ or renderer/
 *   main/ (but electron/)  no electron, nothing from renderer/
 *   renderer/       no Node, no electron, nothing from main/
 */
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));
const NO_NODE = {
  group: ['node:*', ...nodeBuiltins, ...nodeBuiltins.map((name) => `${name}/*`)],
  message: 'This layer does not run in Node: keep Node modules in main/.',
};
const NO_ELECTRON = {
  group: ['electron', 'electron/*'],
  message: 'Only the Electron layer (main/electron/) may import electron.',
};
const NO_MAIN = { regex: '^(\\.\\./)+main(/|$)', message: 'Reach main/ only through the IPC API, never by import.' };
const NO_RENDERER = { regex: '^(\\.\\./)+renderer(/|$)', message: 'Nothing imports the renderer.' };
const NO_REACT = { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'shared/ holds no UI code.' };

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
  { files: ['shared/**/*.{ts,tsx}'], rules: restrict([NO_NODE, NO_ELECTRON, NO_MAIN, NO_RENDERER, NO_REACT]) },
  { files: ['main/**/*.ts'], ignores: ['main/electron/**'], languageOptions: { globals: globals.node }, rules: restrict([NO_ELECTRON, NO_RENDERER]) },
  { files: ['main/electron/**/*.ts'], languageOptions: { globals: globals.node }, rules: restrict([NO_RENDERER]) },
  { files: ['renderer/src/**/*.{ts,tsx}'], languageOptions: { globals: globals.browser }, rules: restrict([NO_NODE, NO_ELECTRON, NO_MAIN]) },
  { files: ['test/**/*.{ts,tsx,mjs,js}', 'bin/**/*.mjs', 'build/**/*.mjs', '*.{js,ts,mjs}', 'renderer/vite.config.ts'], languageOptions: { globals: globals.node } },
);
