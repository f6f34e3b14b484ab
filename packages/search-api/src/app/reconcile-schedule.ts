import type { SegmentIndex } from '@onscreen/indexer';
import type { OnscreenStore } from '@onscreen/store';
import type { SearchDispatcher } from '@onscreen/worker';
import { type ReconcileRun, runReconcile } from './reconcile.js';

export interface ReconcileSchedule {
  /** Entries found drifting by the last run that finished; null before the first. */
  readonly lastDrift: number | null;
  readonly lastRun: ReconcileRun | null;
  /** Runs one reconcile now (repairing what it finds); runs never overlap. */
  runNow(): Promise<ReconcileRun>;
  close(): Promise<void>;
}

/**
 * `serve` reconciles at start-up and then every `everyMs`: drift is repaired from the store through the
 * outbox, files of deleted entries are swept, and the drift found is kept for `/metrics`. `everyMs`
 * null: only when asked (`runNow`, or `onscreen reconcile`): each run reads every document's entry from
 * the index, whose cost grows with the index.
 */
export function startReconcileSchedule(options: {
  store: OnscreenStore;
  index: SegmentIndex;
  dataDir: string;
  dispatcher: SearchDispatcher;
  everyMs: number | null;
  onError?: (error: unknown) => void;
}): ReconcileSchedule {
  const controller = new AbortController();
  let lastRun: ReconcileRun | null = null;
  let running: Promise<ReconcileRun> | undefined;
  const runNow = (): Promise<ReconcileRun> => {
    running ??= runReconcile({ ...options, fix: true, signal: controller.signal })
      .then((run) => {
        lastRun = run;
        return run;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const tick = () => {
    runNow().catch((error: unknown) => {
      if (!controller.signal.aborted) options.onError?.(error);
    });
  };
  let timer: NodeJS.Timeout | undefined;
  if (options.everyMs !== null) {
    tick();
    timer = setInterval(tick, options.everyMs);
    timer.unref();
  }
  return {
    get lastDrift() {
      return lastRun === null ? null : lastRun.drift.length;
    },
    get lastRun() {
      return lastRun;
    },
    runNow,
    async close() {
      clearInterval(timer);
      controller.abort();
      await running?.catch(() => {});
    },
  };
}
