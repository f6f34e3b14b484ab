import { type EntryLabels, ErrorCode, OnscreenError } from '@onscreen/core';
import type { Claim, EntryRecord } from '@onscreen/store';
import { entryLabelsOf, extractSegments } from '@onscreen/indexer';
import { classifyFailure, retryPolicy } from './order-failure.js';
import type { OrderLease } from './order-lease.js';
import type { PoolRegistry } from './pool-registry.js';
import type { SearchDispatcher } from '../search/search-dispatcher.js';
import type { OrderWorkerEvent, ResolvedOrderWorkerOptions } from './worker-options.js';

export type OrderOutcome = 'ready' | 'failed' | 'released' | 'lease-lost';

export interface OrderRun {
  claim: Claim;
  lease: OrderLease;
  /** Set once the Meilisearch write starts: from then on closing lets the order finish. */
  indexing: boolean;
}

/** An event before the worker stamps its id on it. */
export type OrderWorkerEventBody = OrderWorkerEvent extends infer E ? (E extends unknown ? Omit<E, 'workerId'> : never) : never;

export interface ProcessDeps {
  options: ResolvedOrderWorkerOptions;
  pools: PoolRegistry;
  dispatcher: SearchDispatcher;
  emit: (event: OrderWorkerEventBody) => void;
}

async function liveEntry(deps: ProcessDeps, entryId: string): Promise<EntryRecord> {
  const entry = await deps.options.store.getEntry(entryId);
  if (entry === null) throw new OnscreenError(ErrorCode.NOT_FOUND, `Entry ${entryId} was deleted; there is nothing to index.`);
  return entry;
}

/** Everything between claim and the final fenced write; throws on any failure. */
async function indexOrder(run: OrderRun, deps: ProcessDeps): Promise<{ segmentCount: number; framesOcred: number; labels: EntryLabels }> {
  const { order } = run.claim;
  const { options } = deps;
  const { lease } = run;
  const file = await options.mediaPathOf(await liveEntry(deps, order.entryId));
  if (file === null || file === '') throw new OnscreenError(ErrorCode.FILE_NOT_FOUND, `Entry ${order.entryId} has no media file.`);
  const ocrPool = await deps.pools.acquire(order.ocr.languages);
  const result = await extractSegments(
    file,
    {
      ocr: order.ocr,
      pool: ocrPool.pool,
      ffmpegPath: options.ffmpegPath,
      ffprobePath: options.ffprobePath,
      processLimits: options.processLimits,
    },
    { signal: lease.signal, onProgress: (p) => lease.progress(p.step, p.percent) },
  ).finally(() => ocrPool.release());
  lease.progress('indexing', 0);
  await lease.flush();
  // The segments become the entry's in the store, fenced by the lease and marked for the search outbox in
  // the same transaction (a deleted entry refuses them); the entry's row is then applied at once, with
  // the visibility, owner and title the entry has when it is applied, not those read before OCR.
  await lease.confirm();
  // charged for what was read: a header may claim less than the file holds (the difference comes off the
  // credit, or the order ends with INSUFFICIENT_CREDIT and nothing is indexed)
  const charge = await options.store.chargeOrderDuration(order.id, run.claim.leaseToken, result.durationMs);
  if (charge.extraMinutes > 0) {
    deps.emit({
      type: 'warning',
      orderId: order.id,
      message: `the video holds ${(result.durationMs / 1000).toFixed(1)} s though its header declared ${(result.declaredDurationMs / 1000).toFixed(1)} s: ${charge.extraMinutes} more minutes charged`,
    });
  }
  run.indexing = true;
  await options.store.commitOrderSegments(order.id, run.claim.leaseToken, { segments: result.segments, language: order.ocr.languages });
  await deps.dispatcher.flushEntry(order.entryId);
  return { segmentCount: result.segments.length, framesOcred: result.stats.framesOcred, labels: entryLabelsOf(result.segments) };
}

/** Runs one claimed order to ready, error, a retry, a release (closing) or a lost lease. */
export async function processOrder(run: OrderRun, deps: ProcessDeps): Promise<OrderOutcome> {
  const { order, leaseToken } = run.claim;
  const { store, backoffMs, maxBackoffMs, maxAttempts } = deps.options;
  const startedMs = performance.now();
  const settle = async (write: () => Promise<OrderOutcome>): Promise<OrderOutcome> => {
    if (run.lease.stopped?.kind === 'lease-lost') return lostLease(run, deps);
    try {
      return await write();
    } catch (error) {
      if (error instanceof OnscreenError && error.code === ErrorCode.LEASE_LOST) return lostLease(run, deps);
      throw error;
    }
  };
  try {
    const { segmentCount, framesOcred, labels } = await indexOrder(run, deps);
    return await settle(async () => {
      await store.completeOrder(order.id, leaseToken, { segmentCount, labels });
      deps.emit({ type: 'ready', orderId: order.id, segmentCount, framesOcred, elapsedMs: Math.round(performance.now() - startedMs) });
      return 'ready';
    });
  } catch (error) {
    await run.lease.flush();
    if (run.lease.stopped?.kind === 'closing' && !run.indexing) {
      return settle(async () => {
        await store.releaseOrder(order.id, leaseToken);
        deps.emit({ type: 'released', orderId: order.id });
        return 'released';
      });
    }
    const failure = classifyFailure(error);
    return settle(async () => {
      const policy = retryPolicy(failure, order.attempt, { maxAttempts, backoffMs, maxBackoffMs });
      const after = await store.failOrder(order.id, leaseToken, { ...failure, ...policy });
      deps.emit({ type: 'error', orderId: order.id, ...failure, status: after.status });
      return 'failed';
    });
  } finally {
    run.lease.end();
  }
}

function lostLease(run: OrderRun, deps: ProcessDeps): OrderOutcome {
  run.lease.stop('lease-lost', 'the store refused a fenced write');
  deps.emit({ type: 'lease-lost', orderId: run.claim.order.id, reason: run.lease.stopped?.reason ?? 'lease lost' });
  return 'lease-lost';
}
