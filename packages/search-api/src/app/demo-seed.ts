import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isOnscreenError, type User } from '@onscreen/core';
import { probeMedia } from '@onscreen/indexer';
import type { OnscreenStore } from '@onscreen/store';
import { mediaDir } from '../http/media-files.js';

export const DEMO_SAMPLE_VIDEO = fileURLToPath(new URL('../../samples/onscreen-demo.mp4', import.meta.url));
export const DEMO_ACCOUNT_ID = 'demo';
export const DEMO_ADMIN_ID = 'demo-admin';
const SAMPLES = [
  { id: 'demo-sample', title: 'Quarterly review (sample)', visibility: 'published' },
  { id: 'demo-sample-private', title: 'Quarterly review, private copy (sample)', visibility: 'private' },
] as const;

export interface DemoSeed {
  admin: User;
  /** The demo admin's token (read back from the data dir on later starts). */
  token: string;
  /** Entries created (and ordered) by this start; empty when they already existed. */
  createdEntryIds: string[];
  /** Set when ONSCREEN_DEMO_TOKEN could not be honoured (see the message). */
  warning?: string;
}

export interface DemoSeedOptions {
  store: OnscreenStore;
  dataDir: string;
  ffprobePath: string;
  samples: boolean;
  demoToken?: string | undefined;
}

async function demoAdmin(options: DemoSeedOptions): Promise<{ admin: User; token: string; warning?: string }> {
  const { store } = options;
  if (!(await store.getAccount(DEMO_ACCOUNT_ID))) {
    await store.createAccount({ id: DEMO_ACCOUNT_ID, name: 'Demo', reach: { enabled: true, creditMinutes: null } });
  }
  const tokenFile = join(options.dataDir, 'demo-token');
  const existing = await store.getUser(DEMO_ADMIN_ID);
  if (existing) {
    const token = options.demoToken ?? (await readFile(tokenFile, 'utf8').catch(() => '')).trim();
    if (token !== '' && (await store.authenticate(token))?.id === DEMO_ADMIN_ID) return { admin: existing, token };
    return { admin: existing, token: '', warning: 'the demo token of an earlier start is unknown here (revoked, or the demo-token file was removed)' };
  }
  // `token` is passed for stores that accept a caller-chosen token; others generate one.
  const input = { id: DEMO_ADMIN_ID, accountId: DEMO_ACCOUNT_ID, name: 'Demo admin', role: 'admin' as const, token: options.demoToken };
  const { user, token } = await store.createUser(input);
  await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
  const warning =
    options.demoToken !== undefined && token !== options.demoToken ? 'ONSCREEN_DEMO_TOKEN is not supported by this store yet; a generated token is used' : undefined;
  return { admin: user, token, ...(warning ? { warning } : {}) };
}

/**
 * The demo account (REACH on), its admin, and the sample video twice (published and private), with
 * OCR ordered. Idempotent: a second start finds everything and creates nothing.
 */
export async function seedDemo(options: DemoSeedOptions): Promise<DemoSeed> {
  const { store } = options;
  const { admin, token, warning } = await demoAdmin(options);
  const createdEntryIds: string[] = [];
  if (options.samples) {
    await mkdir(mediaDir(options.dataDir), { recursive: true });
    for (const sample of SAMPLES) {
      if (await store.getEntry(sample.id)) continue;
      const file = join(mediaDir(options.dataDir), `${sample.id}.mp4`);
      if (!(await stat(file).catch(() => null))) await copyFile(DEMO_SAMPLE_VIDEO, file);
      const info = await probeMedia(file, { ffprobePath: options.ffprobePath });
      try {
        await store.createEntry({ ...sample, ownerId: admin.id, filePath: file, durationMs: info.durationMs, sizeBytes: info.sizeBytes });
      } catch (error) {
        if (isOnscreenError(error, 'CONFLICT')) continue; // another process seeded it meanwhile
        throw error;
      }
      createdEntryIds.push(sample.id);
    }
    if (createdEntryIds.length > 0) {
      await store.createOrders({ accountId: DEMO_ACCOUNT_ID, requesterId: admin.id, request: { entryIds: createdEntryIds, turnaroundTime: 'immediate' } });
    }
  }
  return { admin, token, createdEntryIds, ...(warning ? { warning } : {}) };
}
