import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createMeiliClient, type MeiliClient } from './meili-client.js';

/** For integration tests: a client of the server test/global-setup.ts provides. */
export function connectTestMeili(): MeiliClient {
  return createMeiliClient({ url: inject('meiliUrl'), apiKey: inject('meiliMasterKey') });
}

/** Index names unique per test file and run, so files never share data. */
export function uniqueIndexUid(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Delete an index and wait for it (teardown). */
export async function dropIndex(meili: MeiliClient, indexUid: string): Promise<void> {
  await meili.client.deleteIndex(indexUid).waitTask();
}
