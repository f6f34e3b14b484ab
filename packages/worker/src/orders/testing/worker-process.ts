/**
 * A worker in its own process, for tests that kill, pause or multiply workers. Configured by
 * environment variables (a test script, not library code); prints one JSON event per line on stdout.
 *
 *   ONSCREEN_WORKER_STORE_URL   SQLite file or postgres:// URL (?schema=…)
 *   ONSCREEN_WORKER_MEILI_URL, ONSCREEN_WORKER_MEILI_KEY, ONSCREEN_WORKER_INDEX_UID
 *   ONSCREEN_WORKER_MODE        start (until SIGTERM) | drain (until nothing is claimable, then exit)
 *   ONSCREEN_WORKER_OPTIONS     JSON of numeric OrderWorkerOptions (leaseMs, concurrency …)
 *   ONSCREEN_WORKER_POOL_SIZE   tesseract workers (default 1)
 */
import { openStore } from '@onscreen/store';
import { createOcrPool } from '@onscreen/indexer';
import { createMeiliClient } from '@onscreen/indexer';
import { createSegmentIndex } from '@onscreen/indexer';
import { createOrderWorker } from '../order-worker.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
};

const store = await openStore(env('ONSCREEN_WORKER_STORE_URL'));
const meili = createMeiliClient({ url: env('ONSCREEN_WORKER_MEILI_URL'), apiKey: env('ONSCREEN_WORKER_MEILI_KEY') });
const index = createSegmentIndex({ client: meili.client, indexUid: env('ONSCREEN_WORKER_INDEX_UID') });
const pool = await createOcrPool({ languages: 'eng', size: Number(process.env.ONSCREEN_WORKER_POOL_SIZE ?? 1) });
const worker = createOrderWorker({
  ...(JSON.parse(process.env.ONSCREEN_WORKER_OPTIONS ?? '{}') as Record<string, number>),
  store,
  index,
  pool,
  workerId: process.env.ONSCREEN_WORKER_ID,
  onEvent: (event) => process.stdout.write(`${JSON.stringify({ ...event, atMs: Date.now() })}\n`),
});

let closing: Promise<void> | undefined;
const shutdown = () => {
  closing ??= (async () => {
    await worker.close();
    await pool.close();
    await meili.close();
    await store.close();
  })();
  return closing;
};
process.once('SIGTERM', () => void shutdown());
process.stdout.write(`${JSON.stringify({ type: 'started', workerId: worker.workerId, pid: process.pid })}\n`);
if (process.env.ONSCREEN_WORKER_MODE === 'drain') {
  await worker.drain();
  await shutdown();
} else {
  worker.start();
}
