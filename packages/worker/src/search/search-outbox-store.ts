import type { OnscreenStore } from '@onscreen/store';

/**
 * What the outbox dispatcher and reconcile need of the store: lease, complete and fail outbox rows, and
 * read what an entry's documents must be rebuilt from. An OnscreenStore from openStore has all of it.
 */
export type SearchOutboxStore = Pick<
  OnscreenStore,
  | 'claimSearchChanges'
  | 'completeSearchChange'
  | 'failSearchChange'
  | 'getSearchChange'
  | 'markSearchChanges'
  | 'getEntryProjection'
  | 'listSearchProjection'
  | 'searchOutboxStats'
>;

export const SEARCH_OUTBOX_STORE_METHODS = [
  'claimSearchChanges',
  'completeSearchChange',
  'failSearchChange',
  'getSearchChange',
  'markSearchChanges',
  'getEntryProjection',
  'listSearchProjection',
  'searchOutboxStats',
] as const satisfies ReadonlyArray<keyof SearchOutboxStore>;
