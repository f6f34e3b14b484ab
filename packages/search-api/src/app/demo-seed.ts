import { chmod, copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isOnscreenError, type User } from '@onscreen/core';
import { probeMedia } from '@onscreen/indexer';
import type { OnscreenStore } from '@onscreen/store';
import { mediaDir } from '../http/media-files.js';
import { SAMPLE_VIDEO as DEMO_SAMPLE_VIDEO } from '../package-files.js';

export { DEMO_SAMPLE_VIDEO };

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
}

export interface DemoSeedOptions {
  store: OnscreenStore;
  dataDir: string;
  ffprobePath: string;
  samples: boolean;
  demoToken?: string | undefined;
}

async function demoAdmin(options: DemoSeedOptions): Promise<{ admin: User; token: string }> {
  const { store } = options;
  if (!(await store.getAccount(DEMO_ACCOUNT_ID))) {
    await store.createAccount({ id: DEMO_ACCOUNT_ID, name: 'Demo', reach: { enabled: true, creditMinutes: null } });
  }
  const tokenFile = join(options.dataDir, 'demo-token');
  const existing = await store.getUser(DEMO_ADMIN_ID);
  if (existing) {
    const known = options.demoToken ?? (await readFile(tokenFile, 'utf8').catch(() => '')).trim();
    if (known !== '' && (await store.authenticate(known))?.id === DEMO_ADMIN_ID) return { admin: existing, token: known };
    // the chosen token is new here, or the token file was removed: issue one (only its hash is stored)
    const token = await store.addUserToken(DEMO_ADMIN_ID, options.demoToken);
    await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
    return { admin: existing, token };
  }
  const input = { id: DEMO_ADMIN_ID, accountId: DEMO_ACCOUNT_ID, name: 'Demo admin', role: 'admin' as const, token: options.demoToken };
  const { user, token } = await store.createUser(input);
  await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
  return { admin: user, token };
}

/**
 * The demo account (REACH on), its admin, and the sample video twice (published and private), with
 * OCR ordered. Idempotent: a second start finds everything and creates nothing.
 */
export async function seedDemo(options: DemoSeedOptions): Promise<DemoSeed> {
  const { store } = options;
  const { admin, token } = await demoAdmin(options);
  const createdEntryIds: string[] = [];
  if (options.samples) {
    await mkdir(mediaDir(options.dataDir), { recursive: true, mode: 0o700 });
    for (const sample of SAMPLES) {
      if (await store.getEntry(sample.id)) continue;
      const file = join(mediaDir(options.dataDir), `${sample.id}.mp4`);
      if (!(await stat(file).catch(() => null))) {
        await copyFile(DEMO_SAMPLE_VIDEO, file);
        await chmod(file, 0o600);
      }
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
      await store.createOrders({
        accountId: DEMO_ACCOUNT_ID,
        requesterId: admin.id,
        request: { entryIds: createdEntryIds, turnaroundTime: 'immediate' },
      });
    }
  }
  return { admin, token, createdEntryIds };
}
