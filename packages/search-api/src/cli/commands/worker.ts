import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createOrderWorker, describeWorkerEvent } from '@onscreen/worker';
import { openStore } from '@onscreen/store';
import { openSearchEngine } from '../../engine/search-engine.js';
import { UsageError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { dataDirOf, engineOptions } from '../data-dir.js';

export const WORKER_USAGE = 'onscreen worker [--concurrency N] [--data-dir DIR] [--lease-ms N]';

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0)
    throw new UsageError(`${flag} must be a positive integer (got "${value}").\nusage: ${WORKER_USAGE}`);
  return n;
}

/**
 * Processes OCR orders until SIGINT/SIGTERM: the store at ONSCREEN_DATABASE_URL (postgres://… or a
 * SQLite file; default <data-dir>/onscreen.sqlite) and Meilisearch at MEILI_URL (else embedded in the
 * data dir). Run it on as many machines as you like against one Postgres and one Meilisearch.
 */
export async function workerCommand(argv: string[], ctx: CliContext): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { concurrency: { type: 'string' }, 'data-dir': { type: 'string' }, 'lease-ms': { type: 'string' } },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".\nusage: ${WORKER_USAGE}`);
  const concurrency = positiveInt(values.concurrency, '--concurrency', 2);
  const leaseMs = positiveInt(values['lease-ms'], '--lease-ms', 30_000);
  const dataDir = dataDirOf(values['data-dir'], ctx);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const log = (line: string) => ctx.stderr.write(`${new Date().toISOString()} ${line}\n`);

  await using store = await openStore(ctx.env.ONSCREEN_DATABASE_URL || join(dataDir, 'onscreen.sqlite'));
  await using engine = await openSearchEngine(engineOptions(ctx, dataDir));
  await using worker = createOrderWorker({
    store,
    index: engine.index,
    concurrency,
    leaseMs,
    ffmpegPath: ctx.env.FFMPEG_PATH,
    ffprobePath: ctx.env.FFPROBE_PATH,
    onEvent: (event) => log(describeWorkerEvent(event)),
  });
  log(
    `${worker.workerId} started: ${concurrency} orders at a time, lease ${leaseMs} ms, ${store.backend} store, Meilisearch ${engine.embedded ? 'embedded' : 'at MEILI_URL'}`,
  );
  worker.start();
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  log(`${worker.workerId} stopping: orders in flight go back to pending`);
  await worker.close();
  log(`${worker.workerId} stopped (${worker.stats.ready} ready, ${worker.stats.failed} failed, ${worker.stats.released} released)`);
}
