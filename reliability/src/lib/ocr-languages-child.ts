/**
 * One run of the ocr-languages soak, in a process of its own (so its peak RSS is its own): a fresh
 * SQLite store, N orders of one small video with the OCR language spellings of `mode`, and an order
 * worker (concurrency 2, default OCR pools) until every order is final. Prints one JSON line: peak RSS
 * (VmHWM, tesseract.js workers included: they are threads of this process), outcomes, time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMeiliClient, createSegmentIndex } from '@onscreen/indexer';
import { openSqliteStore } from '@onscreen/store';
import { createOrderWorker } from '@onscreen/worker';

const [mode = 'single', ordersArg = '1000', dataDir = '', meiliUrl = '', meiliKey = '', video = '', indexUid = ''] = process.argv.slice(2);
const ORDERS = Number(ordersArg);
const CODES = ['eng', 'spa'];

/** Every '+'-joined sequence of 1–5 codes over CODES (62 of them), in a fixed order. */
function spellings(): string[] {
  const all: string[] = [];
  let level = [''];
  for (let length = 1; length <= 5; length += 1) {
    level = level.flatMap((prefix) => CODES.map((code) => (prefix === '' ? code : `${prefix}+${code}`)));
    all.push(...level);
  }
  return all;
}

const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);

const store = await openSqliteStore({ file: join(dataDir, `${mode}.sqlite`) });
const meili = createMeiliClient({ url: meiliUrl, apiKey: meiliKey });
const index = createSegmentIndex({ client: meili.client, indexUid });
await index.ensureSettings();
const account = await store.createAccount({ name: 'languages', reach: { enabled: true, creditMinutes: null } });
const { user } = await store.createUser({ accountId: account.id, name: 'languages' });
const pool = spellings();
const asked = new Set<string>();
for (let i = 0; i < ORDERS; i += 1) {
  const languages = mode === 'single' ? 'eng' : (pool[i % pool.length] as string);
  asked.add(languages);
  const entry = await store.createEntry({ ownerId: user.id, title: `languages ${i}`, filePath: video, visibility: 'private' });
  await store.createOrders({ accountId: account.id, requesterId: user.id, request: { entryIds: [entry.id], ocr: { languages } } });
}
const rssSamplesMb: number[] = [];
const sampler = setInterval(() => rssSamplesMb.push(Math.round(kib('VmRSS') / 1024)), 1_000);
const startedMs = performance.now();
const worker = createOrderWorker({ store, index, concurrency: 2, pollMs: 50, maxAttempts: 1 });
worker.start();
for (;;) {
  const counts = await store.countOrdersByStatus();
  if (counts.pending + counts.processing === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 500));
}
const elapsedS = (performance.now() - startedMs) / 1000;
await worker.close();
clearInterval(sampler);
const counts = await store.countOrdersByStatus();
await meili.client.deleteIndex(indexUid).waitTask();
await meili.close();
await store.close();
process.stdout.write(
  `${JSON.stringify({
    mode,
    orders: ORDERS,
    distinctSpellings: asked.size,
    ready: counts.ready,
    error: counts.error,
    elapsedS: Math.round(elapsedS),
    peakRssMb: Math.round(kib('VmHWM') / 1024),
    rssMaxSampledMb: Math.max(...rssSamplesMb),
    rssLastMb: rssSamplesMb.at(-1) ?? 0,
    stats: worker.stats,
  })}\n`,
);
