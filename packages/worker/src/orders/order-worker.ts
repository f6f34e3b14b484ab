import { setTimeout as sleep } from 'node:timers/promises';
import { reapOptionsOf } from './backoff.js';
import { createOrderLease } from './order-lease.js';
import { createPoolRegistry } from './pool-registry.js';
import { type OrderRun, type OrderWorkerEventBody, processOrder } from './process-order.js';
import { type OrderWorkerEvent, type OrderWorkerOptions, resolveOrderWorkerOptions } from './worker-options.js';
import { createSearchDispatcher } from '../search/search-dispatcher.js';

export interface OrderWorkerStats {
  claimed: number;
  ready: number;
  failed: number;
  released: number;
  leaseLost: number;
}

export interface OrderWorker extends AsyncDisposable {
  readonly workerId: string;
  readonly stats: Readonly<OrderWorkerStats>;
  /** Claims and processes orders in the background, `concurrency` at a time, until close(). */
  start(): void;
  /** Claims and processes one order; false when none was claimable (or the worker is closing). */
  runOnce(): Promise<boolean>;
  /** Processes orders, `concurrency` at a time, until nothing is claimable. */
  drain(): Promise<void>;
  /**
   * Stops claiming, stops in-flight orders and releases them to pending (an order already writing to
   * Meilisearch finishes), ends timers and closes the pools it made. Idempotent.
   */
  close(): Promise<void>;
}

/** The order worker: claim (lease) → heartbeat → extract → Meilisearch → ready, or error / retry. */
export function createOrderWorker(options: OrderWorkerOptions): OrderWorker {
  const resolved = resolveOrderWorkerOptions(options);
  const { store, workerId } = resolved;
  const pools = createPoolRegistry({
    shared: resolved.pool,
    create: resolved.createPool,
    workers: resolved.ocrWorkers,
    idleMs: resolved.ocrPoolIdleMs,
  });
  // the dispatcher applies the outbox rows an order's segments leave (and every other change, when this worker owns it)
  const ownDispatcher = resolved.dispatcher === undefined;
  const dispatcher =
    resolved.dispatcher ??
    createSearchDispatcher({
      store,
      index: resolved.index,
      owner: `${workerId}:search`,
      onEvent: (event) => {
        if (event.type === 'failed') emit({ type: 'warning', message: `search index: entry ${event.entryId}: ${event.message}` });
      },
    });
  const stats: OrderWorkerStats = { claimed: 0, ready: 0, failed: 0, released: 0, leaseLost: 0 };
  const reapOptions = reapOptionsOf(resolved);
  const runs = new Set<OrderRun>();
  const tasks = new Set<Promise<unknown>>();
  const closeController = new AbortController();
  let reaper: NodeJS.Timeout | undefined;
  let closing: Promise<void> | undefined;

  const emit = (event: OrderWorkerEventBody) => {
    try {
      resolved.onEvent({ workerId, ...event } as OrderWorkerEvent);
    } catch {
      // a failing listener must not break order processing
    }
  };
  const track = <T>(task: Promise<T>): Promise<T> => {
    tasks.add(task);
    task.finally(() => tasks.delete(task)).catch(() => {});
    return task;
  };
  const reap = async () => {
    try {
      const count = await store.reapExpiredLeases(reapOptions);
      if (count > 0) emit({ type: 'reaped', count });
    } catch (error) {
      emit({ type: 'warning', message: `reaping expired leases failed: ${(error as Error).message}` });
    }
  };

  const runOnce = (): Promise<boolean> => track(claimAndProcess());

  async function claimAndProcess(): Promise<boolean> {
    if (closing !== undefined) return false;
    const claim = await store.claimNextOrder({ workerId, leaseMs: resolved.leaseMs });
    if (claim === null) return false;
    const orderId = claim.order.id;
    stats.claimed += 1;
    emit({ type: 'claimed', orderId, entryId: claim.order.entryId, attempt: claim.order.attempt });
    const lease = createOrderLease({
      store,
      orderId,
      leaseToken: claim.leaseToken,
      leaseMs: resolved.leaseMs,
      heartbeatMs: resolved.heartbeatMs,
      progressEveryMs: resolved.progressEveryMs,
      onProgress: (step, percent) => emit({ type: 'progress', orderId, step, percent }),
      onWarning: (message) => emit({ type: 'warning', orderId, message }),
    });
    const run: OrderRun = { claim, lease, indexing: false };
    runs.add(run);
    if (closing !== undefined) lease.stop('closing', 'the worker is closing');
    try {
      const outcome = await processOrder(run, { options: resolved, pools, dispatcher, emit });
      if (outcome === 'ready') stats.ready += 1;
      else if (outcome === 'failed') stats.failed += 1;
      else if (outcome === 'released') stats.released += 1;
      else stats.leaseLost += 1;
    } catch (error) {
      // the final write failed for another reason (store down): the reaper requeues the order later
      emit({ type: 'warning', orderId, message: `recording the outcome failed: ${(error as Error).message}` });
    } finally {
      runs.delete(run);
    }
    return true;
  }

  async function loop(): Promise<void> {
    while (closing === undefined) {
      let claimed = false;
      try {
        claimed = await runOnce();
      } catch (error) {
        emit({ type: 'warning', message: `claiming failed: ${(error as Error).message}` });
      }
      if (!claimed) await sleep(resolved.pollMs, undefined, { signal: closeController.signal }).catch(() => {});
    }
  }

  async function drain(): Promise<void> {
    await reap();
    const slot = async () => {
      while (await runOnce());
    };
    await Promise.all(Array.from({ length: resolved.concurrency }, slot));
  }

  function start(): void {
    if (closing !== undefined || reaper !== undefined) return;
    reaper = setInterval(() => void reap(), resolved.reapEveryMs);
    if (ownDispatcher) dispatcher.start();
    void reap();
    for (let i = 0; i < resolved.concurrency; i += 1) void track(loop());
  }

  function close(): Promise<void> {
    closing ??= (async () => {
      closeController.abort();
      for (const run of runs) if (!run.indexing) run.lease.stop('closing', 'the worker is closing');
      while (tasks.size > 0) await Promise.allSettled([...tasks]);
      clearInterval(reaper);
      if (ownDispatcher) await dispatcher.close();
      await pools.close();
    })();
    return closing;
  }

  return {
    workerId,
    stats,
    start,
    runOnce,
    drain,
    close,
    [Symbol.asyncDispose]: close,
  };
}
