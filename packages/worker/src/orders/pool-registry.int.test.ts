import { ErrorCode } from '@onscreen/core';
import { createOcrPool, type OcrPool } from '@onscreen/indexer';
import { afterEach, describe, expect, it } from 'vitest';
import { createPoolRegistry, type PoolRegistry } from './pool-registry.js';

/**
 * OCR language lists as an attack on memory: every spelling of a language set used to key a pool of
 * its own (two tesseract workers each, kept until the worker stopped). Real tesseract.js pools here;
 * `made` records what the registry asked for.
 */
const registries: PoolRegistry[] = [];
afterEach(async () => {
  for (const registry of registries.splice(0)) await registry.close();
});

function registryOf(options: { workers?: number; idleMs?: number } = {}) {
  const made: Array<{ languages: string; size: number; pool: OcrPool }> = [];
  const registry = createPoolRegistry({
    ...options,
    create: async (languages, size) => {
      const pool = await createOcrPool({ languages, size });
      made.push({ languages, size, pool });
      return pool;
    },
  });
  registries.push(registry);
  return { registry, made };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const settled = async <T>(promise: Promise<T>, ms: number) => Promise.race([promise.then(() => 'done'), sleep(ms).then(() => 'waiting')]);

describe('the OCR pool registry', () => {
  it('keys pools by the canonical language set: 8 spellings of eng+spa share one pool', async () => {
    const { registry, made } = registryOf({ workers: 2 });
    const spellings = [
      'eng+spa',
      'spa+eng',
      'eng+spa+eng',
      'spa+spa+eng',
      'eng+eng+spa+spa',
      'spa+eng+spa+eng+eng',
      'eng+spa+spa',
      'spa+eng+eng',
    ];
    const leases = await Promise.all(spellings.map((languages) => registry.acquire(languages)));
    expect(made.map((m) => m.languages)).toEqual(['eng+spa']);
    expect(new Set(leases.map((l) => l.pool)).size).toBe(1);
    for (const lease of leases) lease.release();
  });

  it('never runs more tesseract workers than its budget: a third language set waits for room', async () => {
    const { registry, made } = registryOf({ workers: 2 });
    const eng = await registry.acquire('eng');
    expect(made.map((m) => [m.languages, m.size])).toEqual([['eng', 2]]); // alone in demand: the whole budget
    const spa = registry.acquire('spa');
    expect(await settled(spa, 300)).toBe('waiting'); // eng holds both workers
    eng.release(); // not the size two sets in demand call for: closed, and spa gets its share
    const spaLease = await spa;
    expect(made.map((m) => [m.languages, m.size])).toEqual([
      ['eng', 2],
      ['spa', 1],
    ]);
    const both = await registry.acquire('eng+spa');
    expect(registry.stats()).toMatchObject({ livePools: 2, liveWorkers: 2 });
    const third = registry.acquire('eng');
    expect(await settled(third, 300)).toBe('waiting');
    expect(registry.stats().liveWorkers).toBeLessThanOrEqual(2);
    spaLease.release();
    (await third).release();
    both.release();
    expect(registry.stats().liveWorkers).toBeLessThanOrEqual(2);
    expect(await made[0]?.pool.recognize({ width: 8, height: 8, pixels: new Uint8Array(64) }).catch((e: { code?: string }) => e.code)).toBe(
      ErrorCode.ABORTED,
    ); // the first eng pool was closed
  });

  it('closes a pool no order used for idleMs', async () => {
    const { registry, made } = registryOf({ workers: 2, idleMs: 200 });
    (await registry.acquire('eng')).release();
    expect(registry.stats()).toMatchObject({ livePools: 1, made: 1 });
    await sleep(500);
    expect(registry.stats()).toMatchObject({ livePools: 0, liveWorkers: 0, closed: 1 });
    expect(await made[0]?.pool.recognize({ width: 8, height: 8, pixels: new Uint8Array(64) }).catch((e: { code?: string }) => e.code)).toBe(
      ErrorCode.ABORTED,
    );
  });

  it('checks a list before it keys anything: more than 3 languages, or one not installed, makes and closes no pool', async () => {
    const { registry, made } = registryOf({ workers: 2 });
    const held = await registry.acquire('eng');
    const tooMany = await registry.acquire('eng+spa+fra+deu').catch((e: { code?: string }) => e.code);
    expect(tooMany).toBe(ErrorCode.INVALID_INPUT);
    const missing = await registry.acquire('eng+xyz').catch((e: { code?: string }) => e.code);
    expect(missing).toBe(ErrorCode.OCR_LANGUAGE_MISSING);
    expect(made).toHaveLength(1);
    expect(registry.stats()).toMatchObject({ livePools: 1, closed: 0 });
    held.release();
  });
});
