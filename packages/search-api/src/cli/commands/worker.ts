import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openStore } from '@onscreen/store';
import { createOrderWorker, createSearchDispatcher, describeWorkerEvent } from '@onscreen/worker';
import { resolveConfig } from '../../app/config.js';
import { openSearchEngine } from '../../engine/search-engine.js';
import { signWorkerMediaUrl } from '../../http/worker-media-url.js';
import { removeEntryFiles } from '../../http/media-files.js';
import type { CommandRunner } from '../program.js';

const waitForAbort = (signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });

/**
 * Processes OCR orders until SIGINT/SIGTERM: the store at ONSCREEN_DATABASE_URL (postgres://… or a
 * SQLite file; default <data-dir>/onscreen.sqlite) and Meilisearch at MEILI_URL (else embedded in the
 * data dir). Run it on as many machines as you like against one Postgres and one Meilisearch.
 */
export const workerCommand: CommandRunner = async (_args, flags, ctx) => {
  const config = resolveConfig('worker', flags, ctx.env, ctx.cwd);
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const log = (line: string) => ctx.stderr.write(`${new Date().toISOString()} ${line}\n`);

  await using store = await openStore(config.databaseUrl ?? join(config.dataDir, 'onscreen.sqlite'));
  await using engine = await openSearchEngine({ ...config, signal: ctx.signal, share: true });
  // the search outbox: every process applies it. A worker on the API's disk removes a deleted entry's files
  // too; one reading media over HTTP leaves them to the API's reconcile (file sweep)
  await using dispatcher = createSearchDispatcher({
    store,
    index: engine.index,
    ...(config.apiUrl === undefined
      ? { onEntryGone: (change) => removeEntryFiles(config.dataDir, { id: change.entryId, filePath: change.filePath }) }
      : {}),
    onEvent: (event) => {
      if (event.type === 'failed')
        log(
          `search index: entry ${event.entryId} not applied (attempt ${event.attempts}, next in ${event.backoffMs} ms): ${event.message}`,
        );
    },
  });
  await using worker = createOrderWorker({
    store,
    index: engine.index,
    dispatcher,
    concurrency: config.workerConcurrency,
    leaseMs: config.leaseMs,
    ffmpegPath: config.ffmpegPath,
    ffprobePath: config.ffprobePath,
    // --api-url: every video is read over HTTP from the API by a URL signed with the worker token; the
    // entry's path (the API's disk) is never opened here
    ...(config.apiUrl === undefined
      ? {}
      : { mediaPathOf: (entry: { id: string }) => signWorkerMediaUrl(config.apiUrl as string, config.workerToken as string, entry.id) }),
    onEvent: (event) => log(describeWorkerEvent(event)),
  });
  log(
    `${worker.workerId} started: ${config.workerConcurrency} orders at a time, lease ${config.leaseMs} ms, ${store.backend} store, Meilisearch ${engine.source === 'external' ? 'at MEILI_URL' : engine.source}, index ${config.indexUid}, media ${config.apiUrl === undefined ? 'from the shared disk' : `from ${config.apiUrl}`}`,
  );
  worker.start();
  dispatcher.start();
  await waitForAbort(ctx.signal);
  log(`${worker.workerId} stopping: orders in flight go back to pending`);
  await worker.close();
  log(`${worker.workerId} stopped (${worker.stats.ready} ready, ${worker.stats.failed} failed, ${worker.stats.released} released)`);
};
