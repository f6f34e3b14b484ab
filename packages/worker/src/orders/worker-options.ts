import { randomBytes } from 'node:crypto';
import { availableParallelism, hostname } from 'node:os';
import { ErrorCode, OnscreenError, type OrderStep } from '@onscreen/core';
import type { EntryRecord } from '@onscreen/store';
import type { ExtractOptions, MediaSource } from '@onscreen/indexer';
import type { OcrPool } from '@onscreen/indexer';
import type { SegmentIndex } from '@onscreen/indexer';
import { DEFAULT_MAX_BACKOFF_MS } from './backoff.js';
import { WORKER_STORE_METHODS, type WorkerStore } from './worker-store.js';
import type { SearchDispatcher } from '../search/search-dispatcher.js';

/** What a worker reports, one event per change; `workerId` is added to every event. */
export type OrderWorkerEvent = { workerId: string } & (
  | { type: 'claimed'; orderId: string; entryId: string; attempt: number }
  | { type: 'progress'; orderId: string; step: OrderStep; percent: number }
  | { type: 'ready'; orderId: string; segmentCount: number; framesOcred: number; elapsedMs: number }
  | { type: 'error'; orderId: string; code: string; details: string; retryable: boolean; status: string }
  | { type: 'released'; orderId: string }
  | { type: 'lease-lost'; orderId: string; reason: string }
  | { type: 'reaped'; count: number }
  | { type: 'warning'; message: string; orderId?: string }
);

export interface OrderWorkerOptions {
  store: WorkerStore;
  index: SegmentIndex;
  /**
   * The outbox dispatcher that carries the store's changes to `index` (the process's own, shared with the
   * API in `serve`). Default: the worker makes one, started and closed with it.
   */
  dispatcher?: SearchDispatcher;
  /** A pool to share between orders; used for orders whose `ocr.languages` are its languages (in any spelling). */
  pool?: OcrPool;
  /**
   * Makes a pool of `size` workers for other languages (or for all, without `pool`); `languages` is
   * canonical (sorted, no repeats) and checked. Default: createOcrPool({ languages, size }).
   */
  createPool?: (languages: string, size: number) => Promise<OcrPool>;
  /** tesseract.js workers of the pools the worker makes, together, whatever languages orders ask for. Default: one per core. */
  ocrWorkers?: number;
  /** A pool no order used for this long is closed, in ms. Default 60 000. */
  ocrPoolIdleMs?: number;
  /**
   * Where the entry's video is read from. Default: `entry.filePath` (the API's disk). A worker on another
   * machine returns the URL the API signed for it (a `URL`: ffmpeg reads ranges of it over HTTP).
   */
  mediaPathOf?: (entry: EntryRecord) => MediaSource | null | Promise<MediaSource | null>;
  /** Default `<hostname>:<pid>:<random>`. */
  workerId?: string;
  /** Orders processed at once. Default 2. */
  concurrency?: number;
  /** Lease length per claim and heartbeat, in ms. Default 30 000. */
  leaseMs?: number;
  /** Default leaseMs / 3. */
  heartbeatMs?: number;
  /** Wait between claims when nothing is claimable, in ms. Default 500. */
  pollMs?: number;
  /** How often expired leases are reaped, in ms. Default 5 000. */
  reapEveryMs?: number;
  /** Progress writes at most this often (step changes are written at once), in ms. Default 1 000. */
  progressEveryMs?: number;
  /** Attempts before a retryable failure or an expired lease ends in error. Default 3. */
  maxAttempts?: number;
  /**
   * Wait before a retried order can be claimed again, in ms. Default 5 000. An order whose lease expired
   * (its worker died) waits this doubled on each attempt, as does one failed by an outage of the search
   * engine or the store.
   */
  backoffMs?: number;
  /** The longest of those doubling waits, in ms. Default 300 000 (5 min), or backoffMs when that is longer. */
  maxBackoffMs?: number;
  /**
   * The reaper draws each requeued order's wait at random from [(1 − ratio) × wait, wait], so orders whose
   * leases expired together come back spread out. 0 … 1, default 0.5.
   */
  backoffJitterRatio?: number;
  ffmpegPath?: string;
  ffprobePath?: string;
  /** OS limits for ffprobe and ffmpeg (see ExtractOptions.processLimits). Default: the limits there. */
  processLimits?: ExtractOptions['processLimits'];
  onEvent?: (event: OrderWorkerEvent) => void;
}

export interface ResolvedOrderWorkerOptions {
  store: WorkerStore;
  index: SegmentIndex;
  dispatcher: SearchDispatcher | undefined;
  pool: OcrPool | undefined;
  createPool: ((languages: string, size: number) => Promise<OcrPool>) | undefined;
  ocrWorkers: number;
  ocrPoolIdleMs: number;
  mediaPathOf: (entry: EntryRecord) => MediaSource | null | Promise<MediaSource | null>;
  workerId: string;
  concurrency: number;
  leaseMs: number;
  heartbeatMs: number;
  pollMs: number;
  reapEveryMs: number;
  progressEveryMs: number;
  maxAttempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  backoffJitterRatio: number;
  ffmpegPath: string | undefined;
  ffprobePath: string | undefined;
  processLimits: ExtractOptions['processLimits'];
  onEvent: (event: OrderWorkerEvent) => void;
}

function integer(value: number | undefined, fallback: number, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `OrderWorker: ${name} must be an integer ${range} (got ${String(value)}).`);
  }
  return n;
}

function hasMethods(value: unknown, methods: string[]): boolean {
  return typeof value === 'object' && value !== null && methods.every((m) => typeof (value as Record<string, unknown>)[m] === 'function');
}

/** Checks every option once, up front, with a message naming the option and the bad value. */
export function resolveOrderWorkerOptions(options: OrderWorkerOptions): ResolvedOrderWorkerOptions {
  if (!hasMethods(options.store, [...WORKER_STORE_METHODS])) {
    throw new OnscreenError(
      ErrorCode.INVALID_INPUT,
      `OrderWorker: store must have ${WORKER_STORE_METHODS.join(', ')} (an OnscreenStore from openStore does).`,
    );
  }
  if (!hasMethods(options.index, ['replaceEntrySegments', 'updateEntryMeta', 'deleteEntry'])) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, 'OrderWorker: index must be a SegmentIndex (createSegmentIndex).');
  }
  if (options.workerId !== undefined && !/^[\w.:@-]{1,200}$/.test(options.workerId)) {
    throw new OnscreenError(
      ErrorCode.INVALID_INPUT,
      `OrderWorker: workerId must be 1–200 letters, digits or . : @ _ - (got "${options.workerId}").`,
    );
  }
  const leaseMs = integer(options.leaseMs, 30_000, 'leaseMs', 200);
  const heartbeatMs = integer(options.heartbeatMs, Math.floor(leaseMs / 3), 'heartbeatMs', 50);
  if (heartbeatMs >= leaseMs) {
    throw new OnscreenError(
      ErrorCode.INVALID_INPUT,
      `OrderWorker: heartbeatMs (${heartbeatMs}) must be shorter than leaseMs (${leaseMs}); a third of it is usual.`,
    );
  }
  const backoffMs = integer(options.backoffMs, 5_000, 'backoffMs', 0);
  const jitter = options.backoffJitterRatio ?? 0.5;
  if (!(typeof jitter === 'number' && jitter >= 0 && jitter <= 1)) {
    throw new OnscreenError(
      ErrorCode.INVALID_INPUT,
      `OrderWorker: backoffJitterRatio must be a number from 0 to 1 (got ${String(jitter)}).`,
    );
  }
  return {
    store: options.store,
    index: options.index,
    dispatcher: options.dispatcher,
    pool: options.pool,
    createPool: options.createPool,
    ocrWorkers: integer(options.ocrWorkers, availableParallelism(), 'ocrWorkers', 1, 64),
    ocrPoolIdleMs: integer(options.ocrPoolIdleMs, 60_000, 'ocrPoolIdleMs', 1),
    mediaPathOf: options.mediaPathOf ?? ((entry) => entry.filePath),
    workerId: options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    concurrency: integer(options.concurrency, 2, 'concurrency', 1, 64),
    leaseMs,
    heartbeatMs,
    pollMs: integer(options.pollMs, 500, 'pollMs', 10),
    reapEveryMs: integer(options.reapEveryMs, 5_000, 'reapEveryMs', 50),
    progressEveryMs: integer(options.progressEveryMs, 1_000, 'progressEveryMs', 0),
    maxAttempts: integer(options.maxAttempts, 3, 'maxAttempts', 1, 100),
    backoffMs,
    maxBackoffMs: integer(options.maxBackoffMs, Math.max(DEFAULT_MAX_BACKOFF_MS, backoffMs), 'maxBackoffMs', 0),
    backoffJitterRatio: jitter,
    ffmpegPath: options.ffmpegPath,
    ffprobePath: options.ffprobePath,
    processLimits: options.processLimits,
    onEvent: options.onEvent ?? (() => {}),
  };
}
