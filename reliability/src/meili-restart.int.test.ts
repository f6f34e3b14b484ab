import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestService, type TestService } from '@onscreen/search-api/testing';
import { type RestartableMeili, startRestartableMeili } from './lib/meili.js';

let dir: string;
let meili: RestartableMeili;
let service: TestService;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onscreen-meili-restart-'));
  meili = await startRestartableMeili(join(dir, 'meili'));
  service = await openTestService({ meili: { url: meili.url, apiKey: meili.masterKey } });
});
afterAll(async () => {
  await service?.close().catch(() => {});
  await meili?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('Meilisearch SIGKILLed and restarted under the HTTP API', () => {
  it('answers 200, then 503 MEILI_UNAVAILABLE while it is down (never 500), then 200 again on the same port', async () => {
    const search = () => service.call(service.alice, 'GET', '/v1/search?q=revenue');
    expect((await search()).statusCode).toBe(200);

    await meili.kill();
    const down = await search();
    expect(down.statusCode).toBe(503);
    expect(down.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(down.json()).toMatchObject({ status: 503, code: 'MEILI_UNAVAILABLE' });

    const restartMs = await meili.restart();
    expect(restartMs).toBeLessThan(30_000);
    const up = await search();
    expect(up.statusCode).toBe(200);
    expect(up.json()).toMatchObject({ entries: [] });
  });
});
