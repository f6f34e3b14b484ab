import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeCause, ErrorCode, isOnscreenError, OnscreenError } from '@onscreen/core';
import type { SegmentIndex } from '@onscreen/indexer';
import type { SearchChange } from '@onscreen/store';
import { exponentialBackoffMs } from '../orders/backoff.js';
import type { SearchOutboxStore } from './search-outbox-store.js';
import { applySearchChange, type AppliedChange } from './apply-search-change.js';

export type SearchDispatcherEvent =
  | {
      type: 'applied';
      entryId: string;
      version: number;
      kind: AppliedChange['kind'];
      documents: number;
      outcome: 'done' | 'changed' | 'lost';
    }
  | { type: 'failed'; entryId: string; attempts: number; backoffMs: number; code: string; message: string }
  | { type: 'warning'; message: string };

export interface SearchDispatcherOptions {
  store: SearchOutboxStore;
  index: SegmentIndex;
  /** Lease owner name. Default `<hostname>:<pid>:<random>:search`. */
  owner?: string;
  /** Lease per claimed row, in ms: longer than applying one entry takes. Default 30 000. */
  leaseMs?: number;
  /** Rows claimed and applied at once (Meilisearch batches their writes). Default 32. */
  batchSize?: number;
  /** Wait between polls when nothing is due, in ms. Default 500. */
  pollMs?: number;
  /** The first retry wait of a row that failed, doubling per attempt up to `maxBackoffMs`. Default 250 / 2 000 ms. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /**
   * Called once the index no longer holds a deleted entry, before its row is marked done (a failure keeps
   * the row): where the entry's media and thumbnails are removed.
   */
  onEntryGone?: (change: SearchChange) => Promise<void>;
  onEvent?: (event: SearchDispatcherEvent) => void;
}

export interface SearchDispatcherStats {
  applied: number;
  failed: number;
  /** Consecutive failed passes (0 while Meilisearch takes the writes). */
  failingPasses: number;
}

export interface SearchDispatcher extends AsyncDisposable {
  readonly owner: string;
  readonly stats: Readonly<SearchDispatcherStats>;
  /** Applies due rows in the background until close(). */
  start(): void;
  /** Wakes the background loop (a change was just committed). */
  nudge(): void;
  /** Claims and applies one batch of due rows; returns how many were claimed. */
  runOnce(): Promise<number>;
  /** Applies due rows until none is left (rows in backoff are waited for, up to `timeoutMs`). */
  drain(timeoutMs?: number): Promise<void>;
  /**
   * Applies the row of one entry now (due or not), waiting while another dispatcher holds it; resolves
   * when the entry has no row left, throws what applying threw, or MEILI_UNAVAILABLE after `timeoutMs`.
   */
  flushEntry(entryId: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The outbox dispatcher: claims rows under a lease (many dispatchers against one store share the work),
 * rebuilds each entry's documents from the store, waits for Meilisearch's tasks, marks the row done when
 * its version did not move, and retries with a doubling backoff while the engine cannot take writes.
 */
export function createSearchDispatcher(options: SearchDispatcherOptions): SearchDispatcher {
  const { store, index } = options;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}:search`;
  const leaseMs = options.leaseMs ?? 30_000;
  const batchSize = options.batchSize ?? 32;
  const pollMs = options.pollMs ?? 500;
  const backoff = { baseMs: options.backoffMs ?? 250, maxMs: options.maxBackoffMs ?? 2_000 };
  const stats: SearchDispatcherStats = { applied: 0, failed: 0, failingPasses: 0 };
  const closeController = new AbortController();
  let wake = new AbortController();
  let loop: Promise<void> | undefined;
  let closing: Promise<void> | undefined;

  const emit = (event: SearchDispatcherEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // a failing listener must not stop the dispatcher
    }
  };

  /** Applies one claimed row; returns false when it failed (the row waits its backoff). */
  async function applyOne(change: SearchChange): Promise<boolean> {
    try {
      const applied = await applySearchChange(change, { store, index, onEntryGone: options.onEntryGone });
      const outcome = await store.completeSearchChange(change.entryId, owner, change.version);
      stats.applied += 1;
      emit({ type: 'applied', entryId: change.entryId, version: change.version, ...applied, outcome });
      return true;
    } catch (error) {
      const backoffMs = exponentialBackoffMs(change.attempts + 1, backoff);
      const code = isOnscreenError(error) ? error.code : ErrorCode.INTERNAL;
      const message = describeCause(error);
      stats.failed += 1;
      emit({ type: 'failed', entryId: change.entryId, attempts: change.attempts + 1, backoffMs, code, message });
      await store.failSearchChange(change.entryId, owner, { error: `${code}: ${message}`, backoffMs }).catch((e: unknown) => {
        emit({ type: 'warning', message: `releasing the outbox row of ${change.entryId} failed: ${describeCause(e)}` });
      });
      return false;
    }
  }

  async function runOnce(): Promise<number> {
    const claimed = await store.claimSearchChanges({ owner, leaseMs, limit: batchSize });
    if (claimed.length === 0) return 0;
    const results = await Promise.all(claimed.map(applyOne));
    stats.failingPasses = results.every((ok) => !ok) ? stats.failingPasses + 1 : 0;
    return claimed.length;
  }

  async function background(): Promise<void> {
    while (closing === undefined) {
      let claimed = 0;
      try {
        claimed = await runOnce();
      } catch (error) {
        stats.failingPasses += 1;
        emit({ type: 'warning', message: `claiming outbox rows failed: ${describeCause(error)}` });
      }
      if (claimed > 0 && stats.failingPasses === 0) continue;
      // nothing due, or the engine refuses everything: wait (a nudge ends an idle wait early)
      const waitMs = stats.failingPasses > 0 ? exponentialBackoffMs(stats.failingPasses, backoff) : pollMs;
      const signal = stats.failingPasses > 0 ? closeController.signal : AbortSignal.any([closeController.signal, wake.signal]);
      await sleep(waitMs, undefined, { signal }).catch(() => {});
      if (wake.signal.aborted) wake = new AbortController();
    }
  }

  async function drain(timeoutMs = 60_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if ((await runOnce()) > 0) continue;
      const { pending } = await store.searchOutboxStats();
      if (pending === 0) return;
      if (performance.now() > deadline) {
        throw new OnscreenError(ErrorCode.MEILI_UNAVAILABLE, `${pending} outbox rows were still waiting after ${timeoutMs} ms.`);
      }
      await sleep(Math.min(pollMs, 100));
    }
  }

  async function flushEntry(entryId: string, timeoutMs = leaseMs): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const [change] = await store.claimSearchChanges({ owner, leaseMs, limit: 1, entryId });
      if (change !== undefined) {
        const applied = await applySearchChange(change, { store, index, onEntryGone: options.onEntryGone }).catch(
          async (error: unknown) => {
            const backoffMs = exponentialBackoffMs(change.attempts + 1, backoff);
            await store.failSearchChange(entryId, owner, { error: describeCause(error), backoffMs }).catch(() => {});
            throw error;
          },
        );
        const outcome = await store.completeSearchChange(entryId, owner, change.version);
        stats.applied += 1;
        emit({ type: 'applied', entryId, version: change.version, ...applied, outcome });
        if (outcome === 'done') return;
        continue;
      }
      if ((await store.getSearchChange(entryId)) === null) return;
      if (performance.now() > deadline) {
        throw new OnscreenError(ErrorCode.MEILI_UNAVAILABLE, `The search index did not take entry ${entryId} within ${timeoutMs} ms.`);
      }
      await sleep(50);
    }
  }

  function start(): void {
    if (closing !== undefined || loop !== undefined) return;
    loop = background();
  }

  function close(): Promise<void> {
    closing ??= (async () => {
      closeController.abort();
      wake.abort();
      await loop;
    })();
    return closing;
  }

  return {
    owner,
    stats,
    start,
    nudge: () => wake.abort(),
    runOnce,
    drain,
    flushEntry,
    close,
    [Symbol.asyncDispose]: close,
  };
}
