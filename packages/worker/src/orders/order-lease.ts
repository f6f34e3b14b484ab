import { ErrorCode, isOnscreenError, OnscreenError, type OrderStep } from '@onscreen/core';
import type { WorkerStore } from './worker-store.js';

export interface OrderLeaseOptions {
  store: WorkerStore;
  orderId: string;
  leaseToken: string;
  leaseMs: number;
  heartbeatMs: number;
  progressEveryMs: number;
  onProgress: (step: OrderStep, percent: number) => void;
  onWarning: (message: string) => void;
}

export type StopKind = 'lease-lost' | 'closing';

export interface OrderLease {
  /** Aborted when the lease is lost or the worker closes: stop work, write nothing more. */
  readonly signal: AbortSignal;
  readonly stopped: { kind: StopKind; reason: string } | null;
  stop(kind: StopKind, reason: string): void;
  /** A fenced heartbeat now; throws LEASE_LOST (and stops the order) when the lease is gone. */
  confirm(): Promise<void>;
  /** Throttled fenced progress; a step change is written at once. Never throws. */
  progress(step: OrderStep, percent: number): void;
  /** Waits for progress writes in flight. */
  flush(): Promise<void>;
  /** Ends heartbeats; idempotent. */
  end(): void;
}

/**
 * The worker's hold on one claimed order: a heartbeat timer, a local deadline (the lease as this
 * process last confirmed it, so a paused or partitioned worker stops by itself), and fenced progress.
 */
export function createOrderLease(options: OrderLeaseOptions): OrderLease {
  const { store, orderId, leaseToken, leaseMs } = options;
  const controller = new AbortController();
  let stopped: OrderLease['stopped'] = null;
  let deadlineMs = Date.now() + leaseMs;
  let writes: Promise<void> = Promise.resolve();
  let last = { step: '' as string, atMs: 0 };

  const stop = (kind: StopKind, reason: string) => {
    if (stopped !== null) return;
    stopped = { kind, reason };
    controller.abort(new OnscreenError(kind === 'lease-lost' ? ErrorCode.LEASE_LOST : ErrorCode.ABORTED, reason));
  };
  const checkDeadline = () => {
    if (Date.now() >= deadlineMs) stop('lease-lost', `no heartbeat was confirmed within leaseMs (${leaseMs} ms)`);
  };
  const onWriteError = (what: string) => (error: unknown) => {
    if (isOnscreenError(error, ErrorCode.LEASE_LOST)) stop('lease-lost', `the store refused the ${what}: the lease is gone`);
    else options.onWarning(`${what} failed: ${(error as Error).message}`);
  };
  const beat = async () => {
    const sentMs = Date.now();
    await store.heartbeat(orderId, leaseToken, leaseMs);
    deadlineMs = Math.max(deadlineMs, sentMs + leaseMs);
  };
  const timer = setInterval(() => {
    checkDeadline();
    if (stopped === null) beat().catch(onWriteError('heartbeat'));
  }, options.heartbeatMs);

  return {
    signal: controller.signal,
    get stopped() {
      return stopped;
    },
    stop,
    async confirm() {
      checkDeadline();
      if (stopped === null) {
        try {
          await beat();
        } catch (error) {
          onWriteError('heartbeat')(error);
          throw error;
        }
      }
      if (stopped !== null) throw new OnscreenError(ErrorCode.LEASE_LOST, `The order was stopped: ${stopped.reason}.`);
    },
    progress(step, percent) {
      const nowMs = Date.now();
      if (stopped !== null || (step === last.step && nowMs - last.atMs < options.progressEveryMs)) return;
      last = { step, atMs: nowMs };
      const rounded = Math.round(Math.min(100, Math.max(0, percent)));
      writes = writes.then(async () => {
        if (stopped !== null) return;
        try {
          await store.reportProgress(orderId, leaseToken, { step, percent: rounded });
          options.onProgress(step, rounded);
        } catch (error) {
          onWriteError('progress report')(error);
        }
      });
    },
    flush: () => writes,
    end: () => clearInterval(timer),
  };
}
