import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { accessFilter, type ExtractedSegment, quoteFilterValue, type SegmentDocument } from '@onscreen/core';
import { createMeiliClient, createSegmentIndex, type MeiliClient, type SegmentIndex } from '@onscreen/indexer';
import { type OnscreenStore, openPostgresStore, openSqliteStore } from '@onscreen/store';
import { createSeededRandom, type SeededRandom } from '@onscreen/testkit';
import { testMeiliConnection, uniqueIndexUid } from '@onscreen/testkit/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { createSearchDispatcher, type SearchDispatcher } from './search-dispatcher.js';

/**
 * The property of the search outbox: whatever the interleaving of entry changes (published / private,
 * owner moves, deletes) with the indexing of orders (segments committed by a worker that read the entry
 * long before) and with dispatchers applying rows concurrently (one of them with leases so short they
 * expire mid-write), once the outbox is drained every document matches its entry as the store holds it,
 * and no account sees a line of an entry that is private to someone else.
 */
type Op = 'order' | 'commit' | 'publish' | 'private' | 'move' | 'delete' | 'apply' | 'flush';

interface Subject {
  entryId: string;
  ops: Op[];
  order?: { id: string; token: string };
  generation: number;
}

const line = (entryId: string, generation: number, n: number): ExtractedSegment => ({
  text: `${entryId.slice(-6)} gen ${generation} line ${n}`,
  startMs: n * 1000,
  endMs: n * 1000 + 800,
  confidence: 0.9,
  bbox: { x: 0.1, y: 0.1 * (n % 9), w: 0.5, h: 0.08 },
});

function planOps(random: SeededRandom): Op[] {
  const ops: Op[] = [];
  const length = random.int(3, 10);
  let ordered = false;
  for (let i = 0; i < length; i += 1) {
    const op = random.pick<Op>(['order', 'commit', 'publish', 'private', 'move', 'apply', 'flush', 'publish', 'commit']);
    if (op === 'order') ordered = true;
    if (op === 'commit' && !ordered) ops.push('order');
    ops.push(op);
  }
  if (random.next() < 0.2) ops.splice(random.int(0, ops.length), 0, 'delete');
  return ops;
}

interface Env {
  store: OnscreenStore;
  index: SegmentIndex;
  meili: MeiliClient;
  users: { owner: string; colleague: string; stranger: string };
  accountId: string;
  /** Lease tokens of the orders claimed so far, by order id. */
  claimed: Map<string, string>;
}

async function setUp(store: OnscreenStore, meili: MeiliClient, indexUid: string): Promise<Env> {
  const index = createSegmentIndex({ client: meili.client, indexUid });
  await index.ensureSettings();
  const account = await store.createAccount({ name: 'Acme', reach: { enabled: true, creditMinutes: null } });
  const owner = (await store.createUser({ accountId: account.id, name: 'Ada' })).user.id;
  const colleague = (await store.createUser({ accountId: account.id, name: 'Bob' })).user.id;
  const other = await store.createAccount({ name: 'Other', reach: { enabled: true } });
  const stranger = (await store.createUser({ accountId: other.id, name: 'Eve' })).user.id;
  return { store, index, meili, users: { owner, colleague, stranger }, accountId: account.id, claimed: new Map() };
}

async function step(
  env: Env,
  subject: Subject,
  op: Op,
  dispatchers: SearchDispatcher[],
  inFlight: Promise<unknown>[],
  random: SeededRandom,
) {
  const { store } = env;
  const entry = await store.getEntry(subject.entryId);
  if (entry === null) return; // deleted: later operations of this subject have nothing to act on
  switch (op) {
    case 'order': {
      if (subject.order !== undefined) return;
      const { orders } = await store.createOrders({
        accountId: env.accountId,
        requesterId: entry.ownerId,
        request: { entryIds: [entry.id] },
      });
      const order = orders[0];
      if (order === undefined) return;
      // claims come in queue order: keep every lease taken until this order's is among them
      while (!env.claimed.has(order.id)) {
        const claim = await store.claimNextOrder({ workerId: 'prop', leaseMs: 600_000 });
        if (claim === null) return;
        env.claimed.set(claim.order.id, claim.leaseToken);
      }
      subject.order = { id: order.id, token: env.claimed.get(order.id) as string };
      return;
    }
    case 'commit': {
      if (subject.order === undefined) return;
      subject.generation += 1;
      const count = random.int(0, 4);
      const segments = Array.from({ length: count }, (_, n) => line(entry.id, subject.generation, n));
      await store.commitOrderSegments(subject.order.id, subject.order.token, { segments, language: 'eng' });
      // as the worker does: apply the entry's row at once, then mark the order ready
      inFlight.push(
        random
          .pick(dispatchers)
          .flushEntry(entry.id, 5_000)
          .catch(() => {}),
      );
      await store.completeOrder(subject.order.id, subject.order.token, { segmentCount: count });
      subject.order = undefined;
      return;
    }
    case 'publish':
    case 'private':
      await store.updateEntry(entry.id, { visibility: op === 'publish' ? 'published' : 'private' });
      return;
    case 'move':
      await store.updateEntry(entry.id, { ownerId: entry.ownerId === env.users.owner ? env.users.colleague : env.users.owner });
      return;
    case 'delete':
      await store.deleteEntry(entry.id);
      return;
    case 'apply':
      inFlight.push(
        random
          .pick(dispatchers)
          .runOnce()
          .catch(() => 0),
      );
      return;
    case 'flush':
      inFlight.push(
        random
          .pick(dispatchers)
          .flushEntry(entry.id, 5_000)
          .catch(() => {}),
      );
      return;
  }
}

async function documentsOf(env: Env, filter: string): Promise<SegmentDocument[]> {
  const docs: SegmentDocument[] = [];
  const index = env.meili.client.index<SegmentDocument>(env.index.indexUid);
  for (let offset = 0; ; offset += 1000) {
    const page = await index.getDocuments({ filter, limit: 1000, offset });
    docs.push(...page.results);
    if (page.results.length < 1000) return docs;
  }
}

/** Every document matches its entry; deleted entries have none; no one sees another's private line. */
async function checkConverged(env: Env, subjects: Subject[]): Promise<{ documents: number; privateSeenByOthers: number }> {
  const ids = subjects.map((s) => quoteFilterValue(s.entryId)).join(', ');
  const inBatch = `entryId IN [${ids}]`;
  const docs = await documentsOf(env, inBatch);
  const byEntry = new Map<string, SegmentDocument[]>();
  for (const doc of docs) byEntry.set(doc.entryId, [...(byEntry.get(doc.entryId) ?? []), doc]);
  const problems: string[] = [];
  const privateEntries = new Map<string, string>();
  for (const subject of subjects) {
    const { entry, segments } = await env.store.getEntryProjection(subject.entryId);
    const held = byEntry.get(subject.entryId) ?? [];
    if (entry === null) {
      if (held.length > 0) problems.push(`${subject.entryId} was deleted but has ${held.length} documents`);
      continue;
    }
    if (entry.visibility === 'private') privateEntries.set(entry.id, entry.ownerId);
    const expected = segments?.segments.map((s) => s.text) ?? [];
    const texts = held.map((d) => d.text).sort();
    if (JSON.stringify(texts) !== JSON.stringify([...expected].sort())) {
      problems.push(
        `${subject.entryId}: documents ${JSON.stringify(texts)} but the store holds ${JSON.stringify(expected)} (ops ${subject.ops.join(' ')})`,
      );
    }
    for (const doc of held) {
      if (doc.visibility !== entry.visibility || doc.ownerId !== entry.ownerId || doc.entryTitle !== entry.title) {
        problems.push(
          `${subject.entryId}: a document says ${doc.visibility}/${doc.ownerId}, the entry ${entry.visibility}/${entry.ownerId}`,
        );
        break;
      }
    }
  }
  // what search shows each user: the access filter search builds, over this batch's documents
  let privateSeenByOthers = 0;
  for (const viewer of [env.users.owner, env.users.colleague, env.users.stranger]) {
    for (const doc of await documentsOf(env, `${accessFilter(viewer)} AND ${inBatch}`)) {
      const owner = privateEntries.get(doc.entryId);
      if (owner !== undefined && owner !== viewer) privateSeenByOthers += 1;
    }
  }
  expect(problems.slice(0, 5)).toEqual([]);
  return { documents: docs.length, privateSeenByOthers };
}

async function runInterleavings(env: Env, total: number, batch: number, seed: number) {
  const random = createSeededRandom(seed);
  // two dispatchers as two processes would run them; the second's leases expire while it writes
  const dispatchers = [
    createSearchDispatcher({ store: env.store, index: env.index, owner: 'steady', batchSize: 8 }),
    createSearchDispatcher({ store: env.store, index: env.index, owner: 'hasty', batchSize: 8, leaseMs: 40 }),
  ];
  let documents = 0;
  let privateSeenByOthers = 0;
  const opCounts: Record<string, number> = {};
  for (let done = 0; done < total; done += batch) {
    const subjects: Subject[] = [];
    for (let i = 0; i < Math.min(batch, total - done); i += 1) {
      const entry = await env.store.createEntry({
        ownerId: env.users.owner,
        title: `Video ${done + i}`,
        visibility: random.pick(['private', 'published']),
      });
      subjects.push({ entryId: entry.id, ops: planOps(random), generation: 0 });
    }
    const cursors = subjects.map(() => 0);
    const inFlight: Promise<unknown>[] = [];
    for (;;) {
      const open = subjects.map((_, i) => i).filter((i) => (cursors[i] as number) < (subjects[i] as Subject).ops.length);
      if (open.length === 0) break;
      const i = random.pick(open);
      const subject = subjects[i] as Subject;
      const op = subject.ops[cursors[i] as number] as Op;
      cursors[i] = (cursors[i] as number) + 1;
      opCounts[op] = (opCounts[op] ?? 0) + 1;
      await step(env, subject, op, dispatchers, inFlight, random);
    }
    await Promise.all(inFlight);
    // orders still claimed (ordered, never committed) are released, as a closing worker would
    for (const subject of subjects) {
      if (subject.order !== undefined) await env.store.releaseOrder(subject.order.id, subject.order.token).catch(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, 60)); // the hasty leases have all expired
    await dispatchers[0]?.drain(60_000);
    const result = await checkConverged(env, subjects);
    documents += result.documents;
    privateSeenByOthers += result.privateSeenByOthers;
  }
  await Promise.all(dispatchers.map((d) => d.close()));
  return { documents, privateSeenByOthers, opCounts, lost: 0 };
}

describe('search outbox: interleavings of entry changes with indexing converge to the store', () => {
  let dir: string;
  const meili = createMeiliClient(testMeiliConnection());
  const indexes: string[] = [];
  afterAll(async () => {
    for (const uid of indexes)
      await meili.client
        .deleteIndex(uid)
        .waitTask()
        .catch(() => {});
    await meili.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('SQLite: 1,000 generated interleavings, every document matches its entry, 0 private lines seen by others', async () => {
    dir = await mkdtemp(join(tmpdir(), 'onscreen-interleave-'));
    await using store = await openSqliteStore({ file: join(dir, 'onscreen.sqlite') });
    const uid = uniqueIndexUid('interleave');
    indexes.push(uid);
    const env = await setUp(store, meili, uid);
    const result = await runInterleavings(env, 1000, 100, 20261206);
    console.info(`[outbox] 1000 interleavings on SQLite: ops ${JSON.stringify(result.opCounts)}, ${result.documents} documents checked`);
    expect(result.privateSeenByOthers).toBe(0);
    expect(result.documents).toBeGreaterThan(500);
    expect(result.opCounts.delete).toBeGreaterThan(50);
    expect(result.opCounts.move).toBeGreaterThan(200);
  });

  const url = process.env.ONSCREEN_TEST_PG_URL;
  it.skipIf(!url)('Postgres: 300 generated interleavings converge the same way (needs ONSCREEN_TEST_PG_URL)', async () => {
    const schema = `onscreen_interleave_${Date.now().toString(36)}_${process.pid}`;
    await using store = await openPostgresStore({ connectionString: url ?? '', schema, poolSize: 8 });
    const uid = uniqueIndexUid('interleave_pg');
    indexes.push(uid);
    try {
      const env = await setUp(store, meili, uid);
      const result = await runInterleavings(env, 300, 100, 7);
      expect(result.privateSeenByOthers).toBe(0);
      expect(result.documents).toBeGreaterThan(100);
    } finally {
      // the store has no "drop schema"; psql does it when installed, else the schema is left behind
      await promisify(execFile)('psql', [url ?? '', '-q', '-c', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`]).catch((error: Error) =>
        console.warn(`[outbox] could not drop schema ${schema}: ${error.message}`),
      );
    }
  });
});
