/**
 * Fault 1c: `onscreen serve` killed with -9 while 20 clients upload videos and order OCR for them
 * in bulk (3 entries per request), several rounds on the same data dir.
 * Invariants after each kill: the SQLite file passes PRAGMA integrity_check; every entry's media file
 * exists with the size the entry records (no half-uploaded entry); every bulk order request left
 * all of its orders or none; every order's entry exists; the service starts again on the data dir.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedMeilisearch } from '@onscreen/indexer';
import { openSqliteStore } from '@onscreen/store';
import Database from 'better-sqlite3';
import { createChecks, envInt, sleep } from '../lib/harness.js';
import { startServeProcess } from '../lib/serve.js';
import { cachedSlideDeck } from '../lib/videos.js';

const ROUNDS = envInt('SOAK_SERVICE_ROUNDS', 6);
const CLIENTS = 20;
const BULK = 3;

const checks = createChecks('service-kills');
const dir = await mkdtemp(join(tmpdir(), 'onscreen-soak-service-'));
const dataDir = join(dir, 'data');
const dbFile = join(dataDir, 'onscreen.sqlite');
const meili = await startEmbeddedMeilisearch({ dataDir: join(dir, 'meili') });

const startServe = () =>
  startServeProcess({
    dataDir,
    meili,
    indexUid: 'soak_service',
  });
const orderFailures = new Map<number, number>();

interface Client {
  token: string;
  /** Bulk requests sent: a title prefix shared by its entries. */
  sent: number;
  acknowledgedOrders: number;
  acknowledgedUploads: number;
}

async function clientLoop(url: string, client: Client, n: number, video: Blob, stop: () => boolean): Promise<void> {
  while (!stop()) {
    const request = `c${n}-r${client.sent++}`;
    const entryIds: string[] = [];
    for (let i = 0; i < BULK && !stop(); i += 1) {
      const form = new FormData();
      form.append('title', `${request} ${i}`);
      form.append('file', video, 'talk.mp4');
      const res = await fetch(`${url}/v1/entries`, {
        method: 'POST',
        headers: { authorization: `Bearer ${client.token}` },
        body: form,
      }).catch(() => null);
      if (res === null) return;
      const body = (await res.json().catch(() => ({}))) as { id?: string };
      if (res.status !== 201 && res.status !== 200) return;
      client.acknowledgedUploads += 1;
      entryIds.push(body.id as string);
    }
    if (entryIds.length === 0 || stop()) return;
    const res = await fetch(`${url}/v1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ entryIds, service: 'machine', feature: 'ocr', sourceLanguage: 'en', turnaroundTime: 'best_effort' }),
    }).catch(() => null);
    if (res === null) return;
    if (res.ok) client.acknowledgedOrders += entryIds.length;
    else orderFailures.set(res.status, (orderFailures.get(res.status) ?? 0) + 1);
  }
}

function inspect(): {
  entries: number;
  orders: number;
  problems: string[];
  integrity: string;
  orphanFiles: number;
  orphanPartFiles: number;
} {
  const db = new Database(dbFile, { readonly: true });
  try {
    const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join(', ');
    const entries = db.prepare('SELECT id, title, file_path AS filePath, size_bytes AS sizeBytes FROM entries').all() as Array<{
      id: string;
      title: string;
      filePath: string | null;
      sizeBytes: number | null;
    }>;
    const orders = db
      .prepare('SELECT o.id, o.entry_id AS entryId, e.title FROM orders o LEFT JOIN entries e ON e.id = o.entry_id')
      .all() as Array<{ id: string; entryId: string; title: string | null }>;
    const problems: string[] = [];
    const referenced = new Set<string>();
    for (const e of entries) {
      if (e.filePath === null) continue;
      referenced.add(e.filePath);
      if (!existsSync(e.filePath)) problems.push(`entry ${e.id}: media file missing`);
      else if (e.sizeBytes !== null && statSync(e.filePath).size !== e.sizeBytes)
        problems.push(`entry ${e.id}: file size ${statSync(e.filePath).size} ≠ ${e.sizeBytes}`);
    }
    for (const o of orders) if (o.title === null) problems.push(`order ${o.id}: entry ${o.entryId} missing`);
    // all or none per bulk request: entries of one request share the prefix `c<n>-r<k>`
    const entriesOf = new Map<string, number>();
    for (const e of entries) {
      const prefix = e.title.split(' ')[0] as string;
      entriesOf.set(prefix, (entriesOf.get(prefix) ?? 0) + 1);
    }
    const ordersOf = new Map<string, number>();
    for (const o of orders) {
      const prefix = (o.title ?? '').split(' ')[0] as string;
      ordersOf.set(prefix, (ordersOf.get(prefix) ?? 0) + 1);
    }
    for (const [prefix, n] of ordersOf)
      if (n !== entriesOf.get(prefix)) problems.push(`request ${prefix}: ${n} orders for ${entriesOf.get(prefix)} entries`);
    const mediaFiles = listFiles(join(dataDir, 'media'));
    const orphans = mediaFiles.filter((f) => !referenced.has(f));
    return {
      entries: entries.length,
      orders: orders.length,
      problems,
      integrity,
      orphanFiles: orphans.length,
      orphanPartFiles: orphans.filter((f) => f.endsWith('.part')).length,
    };
  } finally {
    db.close();
  }
}

function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

try {
  await mkdir(dataDir, { recursive: true });
  const store = await openSqliteStore({ file: dbFile });
  const account = await store.createAccount({ name: 'service kills', reach: { enabled: true } });
  const clients: Client[] = [];
  for (let i = 0; i < CLIENTS; i += 1)
    clients.push({
      token: (await store.createUser({ accountId: account.id, name: `client ${i}` })).token,
      sent: 0,
      acknowledgedOrders: 0,
      acknowledgedUploads: 0,
    });
  await store.close();
  const video = new Blob([await readFile(await cachedSlideDeck(4, 2, 13))], { type: 'video/mp4' });
  const rounds: Array<Record<string, unknown>> = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const serve = await startServe();
    let stopped = false;
    const loops = clients.map((c, n) => clientLoop(serve.url, c, n, video, () => stopped));
    await sleep(3_000 + Math.floor(Math.random() * 5_000));
    serve.child.kill('SIGKILL');
    await serve.exited;
    stopped = true;
    await Promise.all(loops);
    const state = inspect();
    rounds.push({ round, ...state, problems: state.problems.length });
    checks.check(state.integrity === 'ok', `round ${round}: PRAGMA integrity_check = ${state.integrity}`);
    checks.check(
      state.problems.length === 0,
      `round ${round}: no half-created entry or order (${state.entries} entries, ${state.orders} orders${state.problems.length ? `: ${state.problems.slice(0, 5).join('; ')}` : ''})`,
    );
  }
  const acknowledgedOrders = clients.reduce((a, c) => a + c.acknowledgedOrders, 0);
  const acknowledgedUploads = clients.reduce((a, c) => a + c.acknowledgedUploads, 0);
  const final = inspect();
  checks.check(
    final.entries >= acknowledgedUploads && final.orders >= acknowledgedOrders,
    `nothing acknowledged was lost (${acknowledgedUploads} uploads and ${acknowledgedOrders} orders acknowledged; ${final.entries} entries, ${final.orders} orders stored)`,
  );
  // the service starts again on the data dir after the last kill
  const again = await startServe();
  const health = await fetch(`${again.url}/healthz`);
  checks.check(health.status === 200, `the service restarts on the same data dir (/healthz ${health.status})`);
  again.child.kill('SIGTERM');
  await again.exited;
  const ok = await checks.finish({
    rounds: ROUNDS,
    clients: CLIENTS,
    bulkSize: BULK,
    acknowledgedUploads,
    acknowledgedOrders,
    storedEntries: final.entries,
    storedOrders: final.orders,
    orphanMediaFiles: final.orphanFiles,
    orphanPartFiles: final.orphanPartFiles,
    orderRequestFailures: Object.fromEntries(orderFailures),
    perRound: rounds,
  });
  process.exitCode = ok ? 0 : 1;
} finally {
  await meili.close();
  await rm(dir, { recursive: true, force: true });
}
