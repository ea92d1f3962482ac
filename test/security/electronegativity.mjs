#!/usr/bin/env node
// Security lint with @doyensec/electronegativity, run by `npm test`.
// Scans what defines the app's security (the Electron layer, the renderer and its HTML, the
// package manifest) and fails on any finding of MEDIUM severity or above. An accepted finding
// is suppressed in code with `// eng-disable CHECK_ID: reason`. A canary file with a known
// insecure window is scanned alongside and must be flagged, so a scan that silently stops
// parsing our sources cannot pass.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'txp-electronegativity-'));
const BLOCKING = new Set(['MEDIUM', 'HIGH', 'CRITICAL']);
const CANARY = 'canary/insecure-window.ts';

try {
  const scan = join(work, 'scan');
  cpSync(join(root, 'main/electron'), join(scan, 'main/electron'), { recursive: true });
  cpSync(join(root, 'renderer/index.html'), join(scan, 'renderer/index.html'));
  cpSync(join(root, 'renderer/src'), join(scan, 'renderer/src'), { recursive: true });
  cpSync(join(root, 'package.json'), join(scan, 'package.json'));
  cpSync(join(root, 'test/fixtures/electronegativity/insecure-window.ts'), join(scan, CANARY));
  const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;

  const output = join(work, 'findings.csv');
  const bin = join(root, 'node_modules/@doyensec/electronegativity/dist/index.js');
  const run = spawnSync(process.execPath, [bin, '-i', scan, '-o', output, '-r', '-v', 'false', '-e', electronVersion], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr);
    throw new Error(`electronegativity exited with ${run.status ?? run.signal}`);
  }
  const rows = Papa.parse(readFileSync(output, 'utf8').trim(), { header: true, skipEmptyLines: true, transformHeader: (h) => h.trim() }).data;
  const findings = rows.map((row) => ({ check: row.issue, severity: row.severity, file: row.filename, location: row.location }));
  const canaryFlagged = findings.some((f) => f.file === CANARY && BLOCKING.has(f.severity));
  const blocking = findings.filter((f) => f.file !== CANARY && BLOCKING.has(f.severity));
  const others = findings.filter((f) => f.file !== CANARY && !BLOCKING.has(f.severity));

  for (const f of others) console.log(`electronegativity: accepted ${f.severity} ${f.check} in ${f.file}:${f.location}`);
  for (const f of blocking) console.error(`electronegativity: ${f.severity} ${f.check} in ${f.file}:${f.location}`);
  if (!canaryFlagged) throw new Error('the canary insecure window was not flagged: the scan is not reading our sources');
  if (blocking.length > 0) throw new Error(`${blocking.length} finding(s) of MEDIUM severity or above`);
  console.log(`electronegativity: no finding of MEDIUM or above (${findings.length - blocking.length - others.length} canary findings as expected)`);
} catch (error) {
  console.error(`electronegativity: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
