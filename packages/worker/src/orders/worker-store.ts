import type { OnscreenStore } from '@onscreen/store';

/**
 * What the worker needs of the store, and nothing more: claim, renew, report, finish and reap orders,
 * and read the entry being indexed. Any object with these methods will do (`openStore` returns one);
 * every write is fenced by the lease token the claim returned.
 */
export type WorkerStore = Pick<
  OnscreenStore,
  'claimNextOrder' | 'heartbeat' | 'reportProgress' | 'completeOrder' | 'failOrder' | 'releaseOrder' | 'reapExpiredLeases' | 'getEntry'
>;

export const WORKER_STORE_METHODS = [
  'claimNextOrder',
  'heartbeat',
  'reportProgress',
  'completeOrder',
  'failOrder',
  'releaseOrder',
  'reapExpiredLeases',
  'getEntry',
] as const satisfies ReadonlyArray<keyof WorkerStore>;
