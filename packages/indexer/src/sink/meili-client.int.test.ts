import { ErrorCode } from '@onscreen/core';
import { Meilisearch } from 'meilisearch';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { findFreePort } from '../meili/process-utils.js';
import { createMeiliClient } from './meili-client.js';
import { createSegmentIndex } from './segment-index.js';

const url = inject('meiliUrl');
const apiKey = inject('meiliMasterKey');
const pooled = createMeiliClient({ url, apiKey });

afterAll(async () => {
  await pooled.close();
});

async function meanLatencyMs(client: Meilisearch, requests: number): Promise<number> {
  await client.health();
  const started = performance.now();
  for (let n = 0; n < requests; n += 1) await client.getVersion();
  return (performance.now() - started) / requests;
}

describe('meilisearch client', () => {
  it('reuses one keep-alive connection for sequential requests', async () => {
    const probe = createMeiliClient({ url, apiKey });
    const keepAliveMs = await meanLatencyMs(probe.client, 200);
    // reused, not one per request (a second one can open while the first is being handed back)
    expect(probe.connectionsOpened).toBeLessThanOrEqual(2);
    const defaultMs = await meanLatencyMs(new Meilisearch({ host: url, apiKey }), 200);
    console.info(
      `[latency] getVersion, mean of 200: keep-alive agent ${keepAliveMs.toFixed(2)} ms, default fetch ${defaultMs.toFixed(2)} ms`,
    );
    await probe.close();
    await probe.close();
  });

  it('the workers inherit the environment globalSetup set (the inject values are the reference)', () => {
    expect(process.env.ONSCREEN_TEST_MEILI_URL).toBe(url);
    expect(process.env.ONSCREEN_TEST_MEILI_KEY).toBe(apiKey);
  });

  it('an unreachable server is MEILI_UNAVAILABLE, with the original error as cause, and health() is false', async () => {
    const port = await findFreePort('127.0.0.1');
    const dead = createMeiliClient({ url: `http://127.0.0.1:${port}`, apiKey, requestTimeoutMs: 2_000 });
    const index = createSegmentIndex({ client: dead.client, indexUid: 'nowhere' });
    const error = (await index.countEntrySegments('e').catch((e: unknown) => e)) as { code?: string; cause?: unknown };
    expect(error.code).toBe(ErrorCode.MEILI_UNAVAILABLE);
    expect(error.cause).toBeInstanceOf(Error);
    // The search path has its own transport; it fails the same way.
    const searchError = (await index.search({ q: 'x' }, 'u').catch((e: unknown) => e)) as { code?: string; cause?: unknown };
    expect(searchError.code).toBe(ErrorCode.MEILI_UNAVAILABLE);
    expect(searchError.cause).toBeInstanceOf(Error);
    expect(await index.health()).toBe(false);
    await dead.close();
  });

  it('a wrong key is MEILI_UNAVAILABLE', async () => {
    const wrong = createMeiliClient({ url, apiKey: 'not-the-key-not-the-key' });
    const error = (await createSegmentIndex({ client: wrong.client, indexUid: 'x' })
      .countEntrySegments('e')
      .catch((e: unknown) => e)) as {
      code?: string;
    };
    expect(error.code).toBe(ErrorCode.MEILI_UNAVAILABLE);
    const searchError = (await createSegmentIndex({ client: wrong.client, indexUid: 'x' })
      .search({ q: 'x' }, 'u')
      .catch((e: unknown) => e)) as { code?: string; details?: { status?: number } };
    expect(searchError.code).toBe(ErrorCode.MEILI_UNAVAILABLE);
    expect(searchError.details?.status).toBe(403);
    await wrong.close();
  });
});
