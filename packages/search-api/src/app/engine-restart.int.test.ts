import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveServeConfig } from './config.js';
import { type OnscreenService, startOnscreenService } from './onscreen-service.js';

/**
 * The embedded Meilisearch is supervised: SIGKILLed 10 times, search answers again within 10 s each time
 * without a service restart; /readyz says 503 and why in between, /healthz stays 200, and /metrics
 * counts the restarts.
 */
const KILLS = 10;
let root: string | undefined;
let service: OnscreenService | undefined;
afterAll(async () => {
  await service?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('supervised embedded Meilisearch', () => {
  it(`killed ${KILLS} times: search answers again within 10 s each time, /readyz 503 with the reason meanwhile`, async () => {
    root = await mkdtemp(join(tmpdir(), 'onscreen-engine-'));
    const config = resolveServeConfig(
      { port: '0', host: '127.0.0.1', dataDir: join(root, 'data'), samples: false },
      { ONSCREEN_LOG_LEVEL: 'silent' },
      root,
    );
    service = await startOnscreenService(config, { worker: { pollMs: 60_000 } });
    const { url, demo, engine } = service;
    const headers = { authorization: `Bearer ${demo.token}` };
    const search = () => fetch(`${url}/v1/search?q=anything`, { headers }).then((r) => r.status);
    expect(await search()).toBe(200);
    const backAfterMs: number[] = [];
    for (let kill = 1; kill <= KILLS; kill += 1) {
      const pid = engine.embedded?.pid ?? 0;
      process.kill(pid, 'SIGKILL');
      const killedAt = performance.now();
      while (engine.embedded?.status().running) await new Promise((r) => setTimeout(r, 5));
      const readyz = await fetch(`${url}/readyz`);
      expect(readyz.status).toBe(503);
      expect(await readyz.json()).toMatchObject({
        status: 'unavailable',
        store: 'ok',
        search: 'down',
        reason: expect.stringContaining('SIGKILL'),
      });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      let status = await search();
      // polled every 250 ms: ten kills stay under the 600 requests a minute one token may make
      // (at 50 ms a slow restart made the test's own searches answer 429)
      while (status !== 200 && performance.now() - killedAt < 10_000) {
        expect([200, 503]).toContain(status);
        await new Promise((r) => setTimeout(r, 250));
        status = await search();
      }
      expect(status).toBe(200);
      backAfterMs.push(Math.round(performance.now() - killedAt));
      // the new process serves a moment before its health check returns to the supervisor
      let ready = await fetch(`${url}/readyz`);
      while (ready.status !== 200 && performance.now() - killedAt < 10_000) {
        await new Promise((r) => setTimeout(r, 50));
        ready = await fetch(`${url}/readyz`);
      }
      expect(ready.status).toBe(200);
    }
    console.info(`[engine] ${KILLS} kills: search answered again after ${backAfterMs.join(', ')} ms`);
    expect(Math.max(...backAfterMs)).toBeLessThan(10_000);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`^onscreen_meilisearch_restarts_total ${KILLS}$`, 'm'));
    // the reconcile serve ran at start-up found the index equal to the store
    expect(service.reconcile.lastRun).toMatchObject({ drift: [] });
    expect(metrics).toMatch(/^onscreen_search_drift_entries 0$/m);
  });
});
