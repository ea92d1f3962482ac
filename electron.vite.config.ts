/**
 * Builds the three parts of the desktop app into out/: main (the Electron entry and the
 * bundled `txp` CLI), the sandboxed preload (CommonJS, as a sandboxed preload must be), and
 * the renderer (React). `npm run build:renderer` builds the renderer alone for the browser
 * harness; both use the same renderer settings from renderer/vite.config.ts.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './renderer/vite.config';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: resolve('main/electron/main.ts'),
          txp: resolve('main/cli/txp-main.ts'),
          'pipeline-worker': resolve('main/jobs/pipeline-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require() packages: bundle everything it uses.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('main/preload/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig(resolve('renderer')),
});
