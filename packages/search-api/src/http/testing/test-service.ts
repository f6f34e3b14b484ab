import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExtractedSegment, User } from '@onscreen/core';
import {
  createMeiliClient,
  createSegmentIndex,
  type MeiliClient,
  resolveFfmpeg,
  resolveFfprobe,
  type SegmentIndex,
} from '@onscreen/indexer';
import { type OnscreenStore, openSqliteStore } from '@onscreen/store';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createHttpApp } from '../app.js';
import type { HttpLimits } from '../deps.js';

/** One on-screen line at 0–2 s, as the worker would index it. */
export const lineAt0 = (text: string): ExtractedSegment => ({
  text,
  startMs: 0,
  endMs: 2000,
  confidence: 0.95,
  bbox: { x: 0.1, y: 0.1, w: 0.5, h: 0.1 },
});

export interface TestUser {
  user: User;
  token: string;
}

export interface TestService {
  app: FastifyInstance;
  store: OnscreenStore;
  index: SegmentIndex;
  dataDir: string;
  /** Admin of account A (REACH on). */
  admin: TestUser;
  /** A user of account A. */
  alice: TestUser;
  /** A user of account B (REACH on): a stranger to A. */
  bob: TestUser;
  /** Authorised request helper. */
  call(
    who: TestUser | string | null,
    method: string,
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Where no Meilisearch runs (unit tests): any use of the index fails loudly. */
export function noSearchEngine(): { index: SegmentIndex; meili: MeiliClient['client'] } {
  const fail = () => {
    throw new Error('this test has no search engine');
  };
  const index = new Proxy({ indexUid: 'none', health: async () => false } as unknown as SegmentIndex, {
    get: (target, key) => (key in target ? target[key as keyof SegmentIndex] : fail),
  });
  return { index, meili: new Proxy({}, { get: fail }) as MeiliClient['client'] };
}

/**
 * An HTTP service over a fresh SQLite store in a temp dir (or in `dataDir`, made if missing; removed on
 * close either way), two accounts and three users. With `meili` (integration tests) it uses a uniquely
 * named index on that server and drops it on close.
 */
export async function openTestService(
  options: {
    meili?: { url: string; apiKey: string };
    limits?: Partial<HttpLimits>;
    dataDir?: string;
    capabilityKey?: Uint8Array;
    webDistDir?: string;
    metrics?: { token?: string; onApiPort?: boolean };
    /** Serves GET /v1/worker/media/:id to URLs signed with it. */
    workerToken?: string;
  } = {},
): Promise<TestService> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'onscreen-http-')));
  await mkdir(dataDir, { recursive: true });
  const store = await openSqliteStore({ file: join(dataDir, 'onscreen.sqlite') });
  const meiliClient = options.meili ? createMeiliClient({ url: options.meili.url, apiKey: options.meili.apiKey }) : undefined;
  let engine = noSearchEngine();
  if (meiliClient) {
    const index = createSegmentIndex({ client: meiliClient.client, indexUid: `http_${process.pid}_${randomBytes(4).toString('hex')}` });
    await index.ensureSettings();
    engine = { index, meili: meiliClient.client };
  }
  const ffmpegPath = resolveFfmpeg().path;
  const { app } = await createHttpApp({
    store,
    ...engine,
    dataDir,
    ffmpegPath,
    ffprobePath: resolveFfprobe({ ffmpegPath }).path,
    limits: options.limits,
    capabilityKey: options.capabilityKey,
    webDistDir: options.webDistDir,
    metrics: options.metrics,
    workerToken: options.workerToken,
    ...(process.env.ONSCREEN_TEST_LOG ? { logger: { level: 'error' } } : {}),
  });
  const accountA = await store.createAccount({ name: 'A', reach: { enabled: true, creditMinutes: null } });
  const accountB = await store.createAccount({ name: 'B', reach: { enabled: true, creditMinutes: null } });
  const admin = await store.createUser({ accountId: accountA.id, name: 'Admin', role: 'admin' });
  const alice = await store.createUser({ accountId: accountA.id, name: 'Alice' });
  const bob = await store.createUser({ accountId: accountB.id, name: 'Bob' });
  const call: TestService['call'] = (who, method, url, payload, headers = {}) => {
    const token = who === null ? undefined : typeof who === 'string' ? who : who.token;
    return app.inject({
      method: method as 'GET',
      url,
      headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  };
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await app.close();
      if (meiliClient) {
        await meiliClient.client.deleteIndex(engine.index.indexUid).waitTask();
        await meiliClient.close();
      }
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    })();
    return closing;
  };
  return { app, store, index: engine.index, dataDir, admin, alice, bob, call, close };
}
