import { describe } from 'vitest';
import { accountEntryRuleTests } from './conformance/accounts-entries-rules.js';
import { bulkOrderTests } from './conformance/bulk-orders.js';
import { cancelAndCreditTests } from './conformance/cancel-credit.js';
import { entryListingTests } from './conformance/entry-listing.js';
import type { ConformanceTarget } from './conformance/fixture.js';
import { galleryChannelTests } from './conformance/galleries-channels.js';
import { idempotencyKeyTests } from './conformance/idempotency-keys.js';
import { orderingTests } from './conformance/ordering.js';
import { playlistTests } from './conformance/playlists.js';
import { raceTests } from './conformance/races.js';
import { retryRefundTests } from './conformance/retry-refund.js';
import { searchOutboxTests } from './conformance/search-outbox.js';
import { tokenListingTests } from './conformance/token-listing.js';
import { tokenExpiryTests } from './conformance/tokens.js';
import { workerTests } from './conformance/worker.js';

export type { ConformanceTarget, TestDatabase } from './conformance/fixture.js';

/**
 * The one behaviour suite every OnscreenStore backend must pass. Each test gets a fresh database
 * from `target.createDatabase()`; the caller wraps it in its own describe (or describe.skip).
 */
export function registerStoreConformance(name: string, target: ConformanceTarget): void {
  describe(`OnscreenStore conformance: ${name}`, () => {
    orderingTests(target);
    idempotencyKeyTests(target);
    bulkOrderTests(target);
    cancelAndCreditTests(target);
    retryRefundTests(target);
    workerTests(target);
    accountEntryRuleTests(target);
    galleryChannelTests(target);
    entryListingTests(target);
    tokenExpiryTests(target);
    tokenListingTests(target);
    raceTests(target);
    searchOutboxTests(target);
    playlistTests(target);
  });
}
