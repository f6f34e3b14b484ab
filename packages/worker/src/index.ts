/**
 * @onscreen/worker — runs OCR orders: claims them from the store under a lease it renews, reads the
 * video with @onscreen/indexer, writes segments to Meilisearch and the outcome to the store, every write
 * fenced by the lease; a reaper returns orders whose worker died. It reaches the store only through the
 * `WorkerStore` interface it declares, and leaves HTTP and the CLI to @onscreen/search-api.
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
