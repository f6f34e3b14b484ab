import type { MeiliClient } from '@onscreen/indexer';
import { createSegmentIndex, shardOf, toSegmentDocuments } from '@onscreen/indexer';
import type { OnscreenStore } from '@onscreen/store';
import { createSeededRandom } from '@onscreen/testkit';

/** Words of the synthetic on-screen text; queries are built from the same list. */
export const WORDS = (
  'quarterly revenue growth margin forecast budget pipeline customer churn retention roadmap launch ' +
  'hiring onboarding security compliance audit latency throughput backlog sprint velocity release ' +
  'pricing discount renewal partner channel region europe americas asia marketing campaign webinar'
).split(' ');

/** Users with tokens in two accounts, made in the store before the service opens it. */
export async function makeUsers(store: OnscreenStore, count: number): Promise<Array<{ id: string; token: string; accountId: string }>> {
  const accounts = [
    await store.createAccount({ name: 'soak A', reach: { enabled: true } }),
    await store.createAccount({ name: 'soak B', reach: { enabled: true } }),
  ];
  const users: Array<{ id: string; token: string; accountId: string }> = [];
  for (let i = 0; i < count; i += 1) {
    const account = accounts[i % 2] as { id: string };
    const { user, token } = await store.createUser({ accountId: account.id, name: `soak user ${i}` });
    users.push({ id: user.id, token, accountId: account.id });
  }
  return users;
}

/**
 * `entries` × `segmentsPerEntry` documents put straight into Meilisearch with the worker's document
 * builder (no OCR): what searches run against. Entry ids are `synthetic-<n>`.
 */
export async function indexSyntheticSegments(
  client: MeiliClient['client'],
  indexUid: string,
  ownerIds: readonly string[],
  entries: number,
  segmentsPerEntry: number,
): Promise<void> {
  const index = createSegmentIndex({ client, indexUid });
  await index.ensureSettings();
  const random = createSeededRandom(42);
  const pick = () => WORDS[Math.floor(random.next() * WORDS.length)] as string;
  const documents: unknown[] = [];
  for (let e = 0; e < entries; e += 1) {
    const meta = {
      entryId: `synthetic-${e}`,
      ownerId: ownerIds[e % ownerIds.length] as string,
      visibility: e % 3 === 0 ? ('private' as const) : ('published' as const),
      categoryIds: [],
      entryTitle: `${pick()} review ${e}`,
      orderId: `synthetic-order-${e}`,
      language: 'eng',
    };
    const segments = Array.from({ length: segmentsPerEntry }, (_, s) => ({
      text: Array.from({ length: 3 + (s % 4) }, pick).join(' '),
      startMs: s * 4_000,
      endMs: s * 4_000 + 3_500,
      confidence: 0.9,
      bbox: { x: 0.1, y: (s % 8) / 10, w: 0.8, h: 0.08 },
    }));
    documents.push(...toSegmentDocuments(meta, segments));
  }
  const { taskUid } = await client.index(indexUid).addDocuments(documents as Record<string, unknown>[], { primaryKey: 'id' });
  const task = await client.tasks.waitForTask(taskUid, { timeout: 600_000, interval: 200 });
  if (task.status !== 'succeeded') throw new Error(`indexing task ${taskUid} ${task.status}: ${JSON.stringify(task.error)}`);
}

export const searchQueries = (): string[] => [...WORDS, ...WORDS.map((w) => `${w} ${WORDS[(w.length * 7) % WORDS.length]}`), 'revnue', ''];

/**
 * The search-scale corpus: `entries` × `perEntry` documents (a third of the entries private, owners
 * taking turns), each entry in its shard (`shardOf`), added in batches of 50 000.
 */
export async function indexScaleCorpus(
  indexUid: string,
  shards: ReadonlyArray<MeiliClient['client']>,
  ownerIds: string[],
  entries: number,
  perEntry: number,
) {
  await Promise.all(shards.map((meili) => createSegmentIndex({ client: meili, indexUid }).ensureSettings()));
  const random = createSeededRandom(42);
  const pick = () => WORDS[Math.floor(random.next() * WORDS.length)] as string;
  const batches: Record<string, unknown>[][] = shards.map(() => []);
  // One batch of each shard is being indexed while the next is built and sent: the shards index side by side.
  const indexing: Array<Promise<void>> = shards.map(() => Promise.resolve());
  const waitFor = async (meili: MeiliClient['client'], taskUid: number) => {
    const task = await meili.tasks.waitForTask(taskUid, { timeout: 3_600_000, interval: 500 });
    if (task.status !== 'succeeded') throw new Error(`indexing task ${taskUid} ${task.status}: ${JSON.stringify(task.error)}`);
  };
  const flush = async (n: number) => {
    const meili = shards[n] as (typeof shards)[number];
    await indexing[n];
    const { taskUid } = await meili.index(indexUid).addDocuments(batches[n] as Record<string, unknown>[], { primaryKey: 'id' });
    batches[n] = [];
    indexing[n] = waitFor(meili, taskUid);
  };
  for (let e = 0; e < entries; e += 1) {
    const meta = {
      entryId: `scale-${e}`,
      ownerId: ownerIds[e % ownerIds.length] as string,
      visibility: e % 3 === 0 ? ('private' as const) : ('published' as const),
      categoryIds: [`cat-${e % 20}`],
      entryTitle: `${pick()} review ${e}`,
      orderId: `scale-order-${e}`,
      language: 'eng',
    };
    const lines = Array.from({ length: perEntry }, (_, s) => ({
      text: Array.from({ length: 3 + (s % 4) }, pick).join(' '),
      startMs: s * 4_000,
      endMs: s * 4_000 + 3_500,
      confidence: 0.6 + (s % 40) / 100,
      bbox: { x: 0.1, y: (s % 8) / 10, w: 0.8, h: 0.08 },
    }));
    const n = shardOf(meta.entryId, shards.length);
    (batches[n] as Record<string, unknown>[]).push(...(toSegmentDocuments(meta, lines) as unknown as Record<string, unknown>[]));
    if ((batches[n] as Record<string, unknown>[]).length >= 50_000) await flush(n);
  }
  await Promise.all(batches.map((batch, n) => (batch.length > 0 ? flush(n) : Promise.resolve())));
  await Promise.all(indexing);
}
