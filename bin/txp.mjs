#!/usr/bin/env node
// `txp` from a checkout runs the TypeScript sources through tsx (no build step needed after
// `npm install`); an installed app without tsx runs the bundled CLI from out/.
let entry = new URL('../main/cli/txp-main.ts', import.meta.url);
try {
  const { register } = await import('tsx/esm/api');
  register();
} catch {
  entry = new URL('../out/main/txp.js', import.meta.url);
}
await import(entry.href);
