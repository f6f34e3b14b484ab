/**
 * @onscreen/worker — runs OCR orders: claims them from the store under a lease it renews, reads the
 * video with @onscreen/indexer, records the segments in the store and the outcome, every write fenced by
 * the lease; a reaper returns orders whose worker died. The search outbox dispatcher carries every change
 * the store records to Meilisearch (rebuilding an entry's documents from the store when it applies them).
 * It reaches the store only through the `WorkerStore` interface it declares, and leaves HTTP and the CLI
 * to @onscreen/search-api.
 */
export { createOrderWorker, type OrderWorker, type OrderWorkerStats } from './orders/order-worker.js';
export {
  resolveOrderWorkerOptions,
  type OrderWorkerEvent,
  type OrderWorkerOptions,
  type ResolvedOrderWorkerOptions,
} from './orders/worker-options.js';
export { describeWorkerEvent } from './orders/describe-worker-event.js';
export { classifyFailure, PERMANENT_CODES, type OrderFailure } from './orders/order-failure.js';
export type { WorkerStore } from './orders/worker-store.js';
export {
  createSearchDispatcher,
  type SearchDispatcher,
  type SearchDispatcherEvent,
  type SearchDispatcherOptions,
  type SearchDispatcherStats,
} from './search/search-dispatcher.js';
export { applySearchChange, segmentMeta, type AppliedChange } from './search/apply-search-change.js';
export { SEARCH_OUTBOX_STORE_METHODS, type SearchOutboxStore } from './search/search-outbox-store.js';
export { reconcileSearch, type ReconcileOptions, type ReconcileReport, type SearchDrift } from './search/reconcile-search.js';
