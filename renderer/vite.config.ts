import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

/** The renderer's build settings, shared by `npm run build:renderer` and electron-vite. */
export function rendererConfig(root: string): UserConfig {
  return {
    root,
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(root, '../out/renderer'),
      emptyOutDir: true,
      rolldownOptions: { input: resolve(root, 'index.html') },
    },
  };
}

export default defineConfig(rendererConfig(import.meta.dirname));
