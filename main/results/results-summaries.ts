/**
 * What the last results run of each upload found, so History can say it and offer the
 * results again: counts only, never a number (the retention rule). One JSON file in the
 * config folder, the newest entries kept.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { resultsSummarySchema, type ResultsSummary } from '../../shared/ipc-contract';
import { JsonListFile } from '../config/json-list-file';
import type { CollectedResults } from './collect-results';

const KEPT = 500;

const entrySchema = resultsSummarySchema.extend({ account: z.string(), remoteName: z.string() });
type Entry = z.infer<typeof entrySchema>;

function summariesFile(configDir: string): JsonListFile<Entry> {
  return new JsonListFile(join(configDir, 'results-summaries.json'), 'results', entrySchema, 'results summaries');
}

/** Records a run's outcome for its upload (replacing an earlier one). */
export async function recordResultsSummary(configDir: string, account: string, remoteName: string, collected: CollectedResults): Promise<void> {
  const file = summariesFile(configDir);
  const entries = (await file.read()).filter((e) => !(e.account === account && e.remoteName === remoteName));
  entries.push({
    account,
    remoteName,
    checkedAt: new Date().toISOString(),
    processed: collected.processed.processed,
    processedAt: collected.processed.processed ? collected.processed.at : null,
    statusSource: collected.statusSource,
    optStatus: collected.counts.optStatus,
    lineTypes: collected.counts.lineTypes,
  });
  await file.write(entries.slice(-KEPT));
}

/** The latest summary per upload, by account and remote name. */
export async function readResultsSummaries(configDir: string): Promise<(key: { account: string; remoteName: string }) => ResultsSummary | undefined> {
  const byUpload = new Map<string, ResultsSummary>();
  for (const { account, remoteName, ...summary } of await summariesFile(configDir).read()) byUpload.set(`${account}\n${remoteName}`, summary);
  return ({ account, remoteName }) => byUpload.get(`${account}\n${remoteName}`);
}
