import type { OnscreenStore } from '@onscreen/store';
import { SEARCH_OUTBOX_STORE_METHODS, type SearchOutboxStore } from '../search/search-outbox-store.js';

/**
 * What the worker needs of the store, and nothing more: claim, renew, report, finish and reap orders,
 * read the entry being indexed, record an order's segments (the truth the index is built from), and the
 * search outbox its dispatcher applies. Any object with these methods will do (`openStore` returns one);
 * every order write is fenced by the lease token the claim returned.
 */
export type WorkerStore = Pick<
  OnscreenStore,
  | 'claimNextOrder'
  | 'heartbeat'
  | 'reportProgress'
  | 'completeOrder'
  | 'failOrder'
  | 'releaseOrder'
  | 'reapExpiredLeases'
  | 'getEntry'
  | 'commitOrderSegments'
  | 'chargeOrderDuration'
> &
  SearchOutboxStore;

export const WORKER_STORE_METHODS = [
  'claimNextOrder',
  'heartbeat',
  'reportProgress',
  'completeOrder',
  'failOrder',
  'releaseOrder',
  'reapExpiredLeases',
  'getEntry',
  'commitOrderSegments',
  'chargeOrderDuration',
  ...SEARCH_OUTBOX_STORE_METHODS,
] as const satisfies ReadonlyArray<keyof WorkerStore>;
