import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '@onscreen/core';
import {
  createMeiliClient,
  createOcrPool,
  createSegmentIndex,
  type OcrPool,
  probeMedia,
  resolveFfmpeg,
  resolveFfprobe,
} from '@onscreen/indexer';
import { type OnscreenStore, openSqliteStore } from '@onscreen/store';
import { makeVideo, rewriteMp4Duration, slideDeck } from '@onscreen/testkit';
import { testMeiliConnection, uniqueIndexUid } from '@onscreen/testkit/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { createOrderWorker } from './order-worker.js';

/**
 * A file whose header claims 1 s but holds 10 minutes: credit is charged for what the worker read (the
 * difference comes off the account), its segments all end after they start, and where the credit does
 * not cover the difference the order ends in INSUFFICIENT_CREDIT with nothing indexed.
 */
const HOLDS_S = 600;
const meili = createMeiliClient(testMeiliConnection());
const indexUid = uniqueIndexUid('lying');
let dir: string | undefined;
let store: OnscreenStore | undefined;
let pool: OcrPool | undefined;
afterAll(async () => {
  await pool?.close();
  await store?.close();
  await meili.client
    .deleteIndex(indexUid)
    .waitTask()
    .catch(() => {});
  await meili.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a header that claims 1 s of a 10-minute video', () => {
  it('is charged for the 10 minutes it holds, its segments ordered; without the credit for them, INSUFFICIENT_CREDIT', async () => {
    dir = await mkdtemp(join(tmpdir(), 'onscreen-lying-'));
    const file = join(dir, 'lying.mp4');
    await makeVideo(slideDeck({ durationS: HOLDS_S, width: 320, height: 180, slideS: 60 }), file);
    expect(await rewriteMp4Duration(file, 1_000, { editLists: false })).toBeGreaterThanOrEqual(3);
    const ffmpegPath = resolveFfmpeg().path;
    const ffprobePath = resolveFfprobe({ ffmpegPath }).path;
    const declared = await probeMedia(file, { ffprobePath });
    expect(declared.durationMs).toBe(1_000);

    store = await openSqliteStore({ file: join(dir, 'onscreen.sqlite') });
    const index = createSegmentIndex({ client: meili.client, indexUid });
    await index.ensureSettings();
    const account = await store.createAccount({ name: 'A', reach: { enabled: true, creditMinutes: 12 } });
    const { user } = await store.createUser({ accountId: account.id, name: 'Ada' });
    const orderFor = async (title: string) => {
      const entry = await store?.createEntry({ ownerId: user.id, title, filePath: file, durationMs: declared.durationMs });
      const { orders } = (await store?.createOrders({
        accountId: account.id,
        requesterId: user.id,
        request: { entryIds: [entry?.id ?? ''] },
      })) ?? {
        orders: [],
      };
      return orders[0];
    };
    pool = await createOcrPool({ languages: 'eng', size: 2 });
    const first = await orderFor('lying 1');
    expect((await store.getAccount(account.id))?.reach.creditMinutes).toBe(11); // 1 minute held for "1 s"
    await using worker = createOrderWorker({ store, index, pool, ffmpegPath, ffprobePath, backoffMs: 0, leaseMs: 60_000 });
    expect(await worker.runOnce()).toBe(true);
    const done = await store.getOrder(first?.id ?? '', user.id);
    expect(done, done.errorDetails ?? '').toMatchObject({ status: 'ready' });
    expect((await store.getAccount(account.id))?.reach.creditMinutes).toBe(2);
    expect((await store.getEntry(first?.entryId ?? ''))?.durationMs).toBeGreaterThanOrEqual((HOLDS_S - 1) * 1000);
    const { segments } = await store.getEntryProjection(first?.entryId ?? '');
    const read = segments?.segments ?? [];
    console.info(
      `[lying] ${read.length} segments, the last from ${read.at(-1)?.startMs} to ${read.at(-1)?.endMs} ms; charged 10 min for a "1 s" header`,
    );
    expect(read.length).toBeGreaterThan(5);
    expect(read.filter((s) => s.startMs > s.endMs)).toEqual([]);
    expect(Math.max(...read.map((s) => s.startMs))).toBeGreaterThan((HOLDS_S - 120) * 1000);
    expect(await index.countEntrySegments(first?.entryId ?? '')).toBe(read.length);

    const second = await orderFor('lying 2');
    expect(await worker.runOnce()).toBe(true);
    const refused = await store.getOrder(second?.id ?? '', user.id);
    expect(refused).toMatchObject({ status: 'error', attempt: 1, errorCode: ErrorCode.INSUFFICIENT_CREDIT });
    expect(refused.errorDetails).toContain('more than its header declared');
    expect((await store.getAccount(account.id))?.reach.creditMinutes).toBe(1);
    expect(await index.countEntrySegments(second?.entryId ?? '')).toBe(0);
  });
});
