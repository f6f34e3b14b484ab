/**
 * @onscreen/testkit/vitest — for integration tests only (imports vitest): the Meilisearch that
 * test/global-setup.ts started, and index names unique to a test file.
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

/** URL and master key of the run's Meilisearch (pass to `createMeiliClient`). */
export function testMeiliConnection(): { url: string; apiKey: string } {
  return { url: inject('meiliUrl'), apiKey: inject('meiliMasterKey') };
}

/** Index names unique per test file and run, so files never share data. */
export function uniqueIndexUid(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}
