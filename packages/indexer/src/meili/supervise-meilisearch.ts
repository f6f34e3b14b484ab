import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeCause } from '@onscreen/core';
import type { EmbeddedMeilisearch, EmbeddedMeilisearchOptions, EmbeddedMeilisearchStatus } from './embedded-meilisearch.js';

/** A running, healthy Meilisearch process. */
export interface LaunchedMeilisearch {
  url: string;
  child: ChildProcess;
  outputTail(): string;
  /** SIGTERM, SIGKILL after `graceMs` (0: at once). */
  stop(graceMs: number): Promise<void>;
}

export interface SuperviseOptions {
  first: LaunchedMeilisearch;
  url: string;
  masterKey: string;
  launch: () => Promise<LaunchedMeilisearch>;
  stopGraceMs: number;
  restart: EmbeddedMeilisearchOptions['restart'];
  onStatus: EmbeddedMeilisearchOptions['onStatus'];
  /** Releases the data directory once the last process is stopped. */
  release: () => void;
}

/** A process that stays up this long is counted as recovered: the next exit waits the initial delay again. */
const STABLE_MS = 30_000;

const describeExit = (code: number | null, signal: NodeJS.Signals | null) =>
  signal !== null ? `Meilisearch was stopped by ${signal}` : `Meilisearch exited with code ${code}`;

/**
 * Keeps the embedded engine running: when its process exits without close(), it is started again on the
 * same port, key and data after a doubling wait, until close(). Its status says why it is down meanwhile.
 */
export function superviseMeilisearch(options: SuperviseOptions): EmbeddedMeilisearch {
  const { restart } = options;
  const initialDelayMs = restart === false ? 0 : (restart?.initialDelayMs ?? 200);
  const maxDelayMs = restart === false ? 0 : (restart?.maxDelayMs ?? 5_000);
  /** Exits in a row of processes that did not run STABLE_MS: the wait doubles with them. */
  let quickExits = 0;
  let current: LaunchedMeilisearch | null = options.first;
  let startedAtMs = performance.now();
  let restarts = 0;
  let reason: string | null = null;
  let closing: Promise<void> | undefined;
  const closeController = new AbortController();
  let recovering: Promise<void> | undefined;

  const status = (): EmbeddedMeilisearchStatus => ({ running: current !== null && reason === null, reason, restarts });
  const report = () => {
    try {
      options.onStatus?.(status());
    } catch {
      // a listener's failure is not the engine's
    }
  };

  function watch(launched: LaunchedMeilisearch): void {
    launched.child.once('exit', (code, signal) => {
      if (closing !== undefined || current !== launched) return;
      current = null;
      reason = describeExit(code, signal);
      report();
      quickExits = performance.now() - startedAtMs >= STABLE_MS ? 0 : quickExits + 1;
      if (restart !== false) recovering = recover();
    });
  }

  async function recover(): Promise<void> {
    let delayMs = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(Math.max(0, quickExits - 1), 16));
    while (closing === undefined) {
      try {
        await sleep(delayMs, undefined, { signal: closeController.signal });
      } catch {
        return;
      }
      try {
        const launched = await options.launch();
        if (closing !== undefined) {
          await launched.stop(0);
          return;
        }
        current = launched;
        startedAtMs = performance.now();
        restarts += 1;
        reason = null;
        watch(launched);
        report();
        return;
      } catch (error) {
        reason = `Meilisearch could not be restarted: ${describeCause(error)}`;
        report();
        delayMs = Math.min(maxDelayMs, Math.max(initialDelayMs, delayMs * 2));
      }
    }
  }

  watch(options.first);
  const close = (): Promise<void> => {
    closing ??= (async () => {
      closeController.abort();
      await recovering;
      await current?.stop(options.stopGraceMs);
      current = null;
      options.release();
    })();
    return closing;
  };
  return {
    url: options.url,
    masterKey: options.masterKey,
    get pid() {
      return current?.child.pid ?? options.first.child.pid ?? 0;
    },
    get restarts() {
      return restarts;
    },
    status,
    close,
    [Symbol.asyncDispose]: close,
  };
}
