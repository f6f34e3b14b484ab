/**
 * Issue 11: the outbox dispatcher SIGKILLed 20 times at random points (between claiming rows, writing to
 * Meilisearch and marking them done) while it drains 400 entries' changes and new changes keep coming
 * (visibility, title, owner-visible segments, deletes). Invariants: after recovery reconcile finds 0
 * drift, and the index holds exactly the stored segments (no duplicated documents, none of a deleted entry).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ExtractedSegment } from '@onscreen/core';
import { createMeiliClient, createSegmentIndex } from '@onscreen/indexer';
import { openSqliteStore } from '@onscreen/store';
import { createSeededRandom } from '@onscreen/testkit';
import { reconcileSearch } from '@onscreen/worker';
import { createChecks, envInt, sleep } from '../lib/harness.js';
import { startRestartableMeili } from '../lib/meili.js';

const KILLS = envInt('SOAK_OUTBOX_KILLS', 20);
const ENTRIES = envInt('SOAK_OUTBOX_ENTRIES', 400);
const CHILD = fileURLToPath(new URL('../lib/dispatcher-child.ts', import.meta.url));
const random = createSeededRandom(11);
const line = (text: string, n: number): ExtractedSegment => ({
  text,
  startMs: n * 1000,
  endMs: n * 1000 + 900,
  confidence: 0.9,
  bbox: { x: 0, y: 0, w: 0.5, h: 0.1 },
});

const dir = await mkdtemp(join(tmpdir(), 'onscreen-soak-outbox-'));
const meili = await startRestartableMeili(join(dir, 'meili'));
const file = join(dir, 'onscreen.sqlite');
const store = await openSqliteStore({ file });
const client = createMeiliClient({ url: meili.url, apiKey: meili.masterKey });
const index = createSegmentIndex({ client: client.client, indexUid: 'soak_outbox' });
await index.ensureSettings();
const checks = createChecks('outbox-kills');

const account = await store.createAccount({ name: 'A', reach: { enabled: true, creditMinutes: null } });
const { user } = await store.createUser({ accountId: account.id, name: 'Ada' });
const { user: colleague } = await store.createUser({ accountId: account.id, name: 'Bob' });
const ids: string[] = [];
async function record(entryId: string, generation: number): Promise<void> {
  await store.createOrders({
    accountId: account.id,
    requesterId: (await store.getEntry(entryId))?.ownerId ?? user.id,
    request: { entryIds: [entryId] },
  });
  const claim = await store.claimNextOrder({ workerId: 'soak', leaseMs: 60_000 });
  if (claim === null) return;
  const count = random.int(1, 6);
  const segments = Array.from({ length: count }, (_, n) => line(`${claim.order.entryId} gen ${generation} line ${n}`, n));
  await store.commitOrderSegments(claim.order.id, claim.leaseToken, { segments, language: 'eng' });
  await store.completeOrder(claim.order.id, claim.leaseToken, { segmentCount: count });
}
for (let i = 0; i < ENTRIES; i += 1) {
  const entry = await store.createEntry({ ownerId: user.id, title: `entry ${i}`, visibility: random.pick(['private', 'published']) });
  ids.push(entry.id);
  await record(entry.id, 0);
}

function spawnChild(): { child: ChildProcess; applied: () => number; started: Promise<void> } {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CHILD], {
    env: {
      ...process.env,
      ONSCREEN_SOAK_STORE: file,
      ONSCREEN_SOAK_INDEX: 'soak_outbox',
      MEILI_URL: meili.url,
      MEILI_MASTER_KEY: meili.masterKey,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let applied = 0;
  let ready: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    ready = resolve;
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (l) => {
    if (l === 'started') ready();
    else if (l.startsWith('applied')) applied += 1;
  });
  return { child, applied: () => applied, started };
}

/** Changes that keep coming while dispatchers die: what search shows, new segments, deletes. */
let generation = 1;
async function change(): Promise<void> {
  const id = random.pick(ids);
  const entry = await store.getEntry(id);
  if (entry === null) return;
  const what = random.int(0, 9);
  if (what < 4) await store.updateEntry(id, { visibility: entry.visibility === 'private' ? 'published' : 'private' });
  else if (what < 6) await store.updateEntry(id, { ownerId: entry.ownerId === user.id ? colleague.id : user.id, title: `${entry.title}'` });
  else if (what < 9) await record(id, generation++);
  else await store.deleteEntry(id);
}

let appliedByKilled = 0;
const killedAfter: number[] = [];
for (let kill = 1; kill <= KILLS; kill += 1) {
  const { child, applied, started } = spawnChild();
  await started;
  const liveMs = random.int(150, 1500);
  const until = performance.now() + liveMs;
  while (performance.now() < until) {
    await change();
    await sleep(random.int(5, 40));
  }
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  appliedByKilled += applied();
  killedAfter.push(liveMs);
}
const pendingAtLastKill = (await store.searchOutboxStats()).pending;
// recovery: one dispatcher, after the killed ones' leases (2 s) expired
const last = spawnChild();
await last.started;
const recoveredAt = performance.now();
while ((await store.searchOutboxStats()).pending > 0 && performance.now() - recoveredAt < 120_000) await sleep(100);
const drainMs = Math.round(performance.now() - recoveredAt);
last.child.kill('SIGTERM');
await new Promise((resolve) => last.child.once('exit', resolve));

const report = await reconcileSearch({ store, index });
let stored = 0;
let live = 0;
for (const id of ids) {
  const { entry, segments } = await store.getEntryProjection(id);
  if (entry !== null) {
    live += 1;
    stored += segments?.segments.length ?? 0;
  }
}
const byEntry = await index.countDocumentsByEntry();
const indexed = [...byEntry.values()].reduce((sum, count) => sum + count.documents, 0);
const figures = {
  kills: KILLS,
  entries: ENTRIES,
  liveEntries: live,
  appliedByKilled,
  pendingAtLastKill,
  drainMs,
  drift: report.drift.length,
  storedSegments: stored,
  indexedDocuments: indexed,
};
checks.check(
  report.drift.length === 0 && report.pending === 0,
  `0 drift after ${KILLS} kills -9 (${report.drift.length} drifting, ${report.pending} pending)`,
);
checks.check(indexed === stored, `no duplicated or stray documents: the index holds ${indexed} documents for ${stored} stored segments`);
checks.check(appliedByKilled > 0, `the killed dispatchers were working when killed (${appliedByKilled} rows applied by them)`);
await store.close();
await client.close();
await meili.close();
await rm(dir, { recursive: true, force: true });
process.exitCode = (await checks.finish(figures)) ? 0 : 1;
