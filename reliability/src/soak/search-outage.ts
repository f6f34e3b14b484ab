/**
 * Issue 11, "one source of truth": Meilisearch unavailable for 30 s while 200 mixed write requests run
 * against `onscreen serve` (a child process, MEILI_URL pointing at an engine this scenario controls), in
 * two ways: the engine process stopped (connections refused), and the engine frozen with SIGSTOP (a
 * remote one that does not answer: requests time out). Invariants: no write the store accepted is
 * refused (0 answers other than 2xx); after the engine is back, the outbox drains and reconcile finds 0
 * drift within 10 s; deleted entries' media files are gone.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExtractedSegment } from '@onscreen/core';
import { createMeiliClient, createSegmentIndex } from '@onscreen/indexer';
import { DEMO_ACCOUNT_ID, DEMO_ADMIN_ID } from '@onscreen/search-api';
import { openSqliteStore } from '@onscreen/store';
import { reconcileSearch } from '@onscreen/worker';
import { createChecks, envInt, sleep } from '../lib/harness.js';
import { startRestartableMeili } from '../lib/meili.js';
import { startServeProcess } from '../lib/serve.js';

const OUTAGE_MS = envInt('SOAK_OUTAGE_MS', 30_000);
const REQUESTS = envInt('SOAK_OUTAGE_REQUESTS', 200);
const line = (text: string, startMs: number): ExtractedSegment => ({
  text,
  startMs,
  endMs: startMs + 900,
  confidence: 0.9,
  bbox: { x: 0, y: 0, w: 0.5, h: 0.1 },
});

const dir = await mkdtemp(join(tmpdir(), 'onscreen-soak-outage-'));
const dataDir = join(dir, 'data');
const meili = await startRestartableMeili(join(dir, 'meili'));
const token = randomBytes(18).toString('base64url');
const checks = createChecks('search-outage');
// no OCR worker in the service: this scenario records segments itself, and orders placed during the
// outage stay pending (they are writes like the others)
process.env.ONSCREEN_RUN_WORKER = 'false';
const serve = await startServeProcess({ dataDir, meili, indexUid: 'soak_outage', demoToken: token });
const store = await openSqliteStore({ file: join(dataDir, 'onscreen.sqlite') });
const client = createMeiliClient({ url: meili.url, apiKey: meili.masterKey });
const index = createSegmentIndex({ client: client.client, indexUid: 'soak_outage' });
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
await mkdir(join(dataDir, 'media'), { recursive: true });

/** Entries with two lines each, recorded by orders and applied to the index; and entries without orders. */
async function seed(prefix: string, indexed: number, bare: number): Promise<{ indexed: string[]; bare: string[] }> {
  const made = { indexed: [] as string[], bare: [] as string[] };
  for (let i = 0; i < indexed + bare; i += 1) {
    const id = `ent_${prefix}_${i}`;
    const filePath = join(dataDir, 'media', `${id}.mp4`);
    await writeFile(filePath, 'not a video: this scenario records segments itself');
    await store.createEntry({ id, ownerId: DEMO_ADMIN_ID, title: `${prefix} ${i}`, filePath, visibility: 'private' });
    if (i >= indexed) {
      made.bare.push(id);
      continue;
    }
    await store.createOrders({ accountId: DEMO_ACCOUNT_ID, requesterId: DEMO_ADMIN_ID, request: { entryIds: [id] } });
    const claim = await store.claimNextOrder({ workerId: 'soak', leaseMs: 60_000 });
    if (claim === null) throw new Error('nothing to claim');
    await store.commitOrderSegments(claim.order.id, claim.leaseToken, {
      segments: [line(`${id} alpha`, 0), line(`${id} beta`, 1000)],
      language: 'eng',
    });
    await store.completeOrder(claim.order.id, claim.leaseToken, { segmentCount: 2 });
    made.indexed.push(id);
  }
  return made;
}

async function waitConverged(deadlineMs: number): Promise<{ ms: number; drift: number }> {
  const back = performance.now();
  for (;;) {
    const { pending } = await store.searchOutboxStats();
    if (pending === 0) {
      const report = await reconcileSearch({ store, index });
      if (report.drift.length === 0 && report.pending === 0) return { ms: Math.round(performance.now() - back), drift: 0 };
    }
    if (performance.now() - back > deadlineMs) {
      const report = await reconcileSearch({ store, index });
      return { ms: Math.round(performance.now() - back), drift: report.drift.length + report.pending };
    }
    await sleep(100);
  }
}

const figures: Record<string, unknown> = {};
for (const variant of ['stopped', 'frozen'] as const) {
  const { indexed, bare } = await seed(variant, 140, 60);
  while ((await store.searchOutboxStats()).pending > 0) await sleep(100);
  const deleted = indexed.slice(100, 140);
  if (variant === 'stopped') await meili.kill();
  else process.kill(meili.pid, 'SIGSTOP');
  const downAt = performance.now();
  // 100 PATCH, 40 DELETE, 60 orders, spread over the outage
  const requests: Array<() => Promise<Response>> = [
    ...indexed.slice(0, 100).map(
      (id, i) => () =>
        fetch(`${serve.url}/v1/entries/${id}`, {
          method: 'PATCH',
          headers,
          body: JSON.stringify(i % 2 ? { visibility: 'published' } : { title: `renamed ${id}` }),
        }),
    ),
    ...deleted.map(
      (id) => () => fetch(`${serve.url}/v1/entries/${id}`, { method: 'DELETE', headers: { authorization: headers.authorization } }),
    ),
    ...bare.map((id) => () => fetch(`${serve.url}/v1/orders`, { method: 'POST', headers, body: JSON.stringify({ entryIds: [id] }) })),
  ].slice(0, REQUESTS);
  requests.sort(() => Math.random() - 0.5);
  const statuses: Record<string, number> = {};
  const gapMs = (OUTAGE_MS * 0.9) / requests.length;
  await Promise.all(
    requests.map(async (send, i) => {
      await sleep(i * gapMs);
      const status = await send().then(
        (r) => String(r.status),
        (e: Error) => `network: ${e.message}`,
      );
      statuses[status] = (statuses[status] ?? 0) + 1;
    }),
  );
  const refused = Object.entries(statuses)
    .filter(([s]) => !/^2\d\d$/.test(s))
    .reduce((n, [, c]) => n + c, 0);
  await sleep(Math.max(0, OUTAGE_MS - (performance.now() - downAt)));
  if (variant === 'stopped') await meili.restart();
  else process.kill(meili.pid, 'SIGCONT');
  const converged = await waitConverged(30_000);
  let filesLeft = 0;
  for (const id of deleted)
    if (
      await stat(join(dataDir, 'media', `${id}.mp4`)).then(
        () => true,
        () => false,
      )
    )
      filesLeft += 1;
  figures[variant] = {
    requests: requests.length,
    statuses,
    refused,
    outageMs: Math.round(performance.now() - downAt - converged.ms),
    convergedMs: converged.ms,
    drift: converged.drift,
    filesLeft,
  };
  checks.check(refused === 0, `${variant}: 0 of ${requests.length} writes refused during the outage (${JSON.stringify(statuses)})`);
  checks.check(
    converged.drift === 0 && converged.ms <= 10_000,
    `${variant}: index equals the store ${converged.ms} ms after the engine is back (drift ${converged.drift})`,
  );
  checks.check(filesLeft === 0, `${variant}: the ${deleted.length} deleted entries' files are gone (${filesLeft} left)`);
}

serve.child.kill('SIGTERM');
checks.check((await serve.exited) === 0, 'serve exits 0 on SIGTERM');
await store.close();
await client.close();
await meili.close();
await rm(dir, { recursive: true, force: true });
process.exitCode = (await checks.finish(figures)) ? 0 : 1;
