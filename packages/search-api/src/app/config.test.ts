import { isOnscreenError } from '@onscreen/core';
import { describe, expect, it } from 'vitest';
import { resolveServeConfig } from './config.js';

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(isOnscreenError(error, 'INVALID_INPUT')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
};

describe('serve configuration', () => {
  it('defaults to 127.0.0.1:8080, SQLite and embedded Meilisearch in ./.onscreen, with samples', () => {
    expect(resolveServeConfig({}, {}, '/srv')).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/srv/.onscreen',
      samples: true,
      databaseUrl: undefined,
      meiliUrl: undefined,
      logLevel: 'warn',
      idempotencyKeyTtlSeconds: 86_400,
    });
  });

  it('takes the embedded engine’s indexing limits from the environment, and names a bad one', () => {
    const config = resolveServeConfig(
      {},
      { ONSCREEN_MEILI_MAX_INDEXING_MEMORY: '1GiB', ONSCREEN_MEILI_MAX_INDEXING_THREADS: '1', ONSCREEN_MEILI_NICE: '5' },
      '/',
    );
    expect(config).toMatchObject({ meiliMaxIndexingMemory: '1GiB', meiliMaxIndexingThreads: 1, meiliNice: 5 });
    expect(messageOf(() => resolveServeConfig({}, { ONSCREEN_MEILI_NICE: '20' }, '/'))).toContain('ONSCREEN_MEILI_NICE: must be 0–19');
    expect(messageOf(() => resolveServeConfig({}, { ONSCREEN_MEILI_MAX_INDEXING_MEMORY: 'lots' }, '/'))).toContain(
      'ONSCREEN_MEILI_MAX_INDEXING_MEMORY: must be bytes or a size such as 512MiB',
    );
    expect(messageOf(() => resolveServeConfig({}, { ONSCREEN_MEILI_MAX_INDEXING_THREADS: '0' }, '/'))).toContain(
      'ONSCREEN_MEILI_MAX_INDEXING_THREADS: must be 1–1024',
    );
  });

  it('reconciles every 10 minutes unless told otherwise; 0 turns the schedule off; a negative is named', () => {
    expect(resolveServeConfig({}, {}, '/').reconcileMinutes).toBe(10);
    expect(resolveServeConfig({}, { ONSCREEN_RECONCILE_MINUTES: '0' }, '/').reconcileMinutes).toBe(0);
    expect(messageOf(() => resolveServeConfig({}, { ONSCREEN_RECONCILE_MINUTES: '-1' }, '/'))).toContain(
      'ONSCREEN_RECONCILE_MINUTES: must be 0 (off) to 10080 (a week)',
    );
  });

  it('takes several Meilisearch shards with the key, and refuses one URL, a missing key or MEILI_URL beside them', () => {
    const key = { MEILI_MASTER_KEY: 'k'.repeat(24) };
    expect(resolveServeConfig({}, { ...key, ONSCREEN_MEILI_SHARDS: 'http://a:7700, http://b:7700,http://c:7700' }, '/')).toMatchObject({
      meiliShards: ['http://a:7700', 'http://b:7700', 'http://c:7700'],
    });
    expect(messageOf(() => resolveServeConfig({}, { ...key, ONSCREEN_MEILI_SHARDS: 'http://a:7700' }, '/'))).toContain(
      'ONSCREEN_MEILI_SHARDS: must list at least two Meilisearch URLs',
    );
    expect(messageOf(() => resolveServeConfig({}, { ONSCREEN_MEILI_SHARDS: 'http://a:7700,http://b:7700' }, '/'))).toContain(
      'MEILI_MASTER_KEY: must be set when ONSCREEN_MEILI_SHARDS is',
    );
    expect(
      messageOf(() =>
        resolveServeConfig({}, { ...key, MEILI_URL: 'http://a:7700', ONSCREEN_MEILI_SHARDS: 'http://a:7700,http://b:7700' }, '/'),
      ),
    ).toContain('not both');
    expect(messageOf(() => resolveServeConfig({}, { ...key, ONSCREEN_MEILI_SHARDS: 'http://a:7700,ftp://b' }, '/'))).toContain(
      'ONSCREEN_MEILI_SHARDS',
    );
  });

  it('takes the metrics token, the metrics address and the capability key from the environment, and names a bad one', () => {
    const config = resolveServeConfig(
      {},
      {
        ONSCREEN_METRICS_TOKEN: 'scraper-secret-0123456789',
        ONSCREEN_METRICS_LISTEN: '[::1]:9464',
        ONSCREEN_CAPABILITY_KEY: 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=',
      },
      '/',
    );
    expect(config).toMatchObject({ metricsToken: 'scraper-secret-0123456789', metricsListen: { host: '::1', port: 9464 } });
    expect(Buffer.from(config.capabilityKey ?? '', 'base64')).toHaveLength(32);
    const message = messageOf(() =>
      resolveServeConfig({}, { ONSCREEN_METRICS_TOKEN: 'short', ONSCREEN_METRICS_LISTEN: '9464', ONSCREEN_CAPABILITY_KEY: 'abc' }, '/'),
    );
    expect(message).toContain('ONSCREEN_METRICS_TOKEN: must be 16–200 printable characters');
    expect(message).toContain('ONSCREEN_METRICS_LISTEN: must be host:port');
    expect(message).toContain('ONSCREEN_CAPABILITY_KEY: must be at least 32 bytes');
  });

  it('takes the idempotency key lifetime in seconds from ONSCREEN_IDEMPOTENCY_KEY_TTL_SECONDS', () => {
    expect(resolveServeConfig({}, { ONSCREEN_IDEMPOTENCY_KEY_TTL_SECONDS: '3600' }, '/').idempotencyKeyTtlSeconds).toBe(3600);
    expect(resolveServeConfig({}, { ONSCREEN_IDEMPOTENCY_KEY_TTL_SECONDS: '' }, '/').idempotencyKeyTtlSeconds).toBe(86_400);
    for (const bad of ['0', '-5', '1.5', 'a day', String(101 * 365 * 86_400)]) {
      expect(
        messageOf(() => resolveServeConfig({}, { ONSCREEN_IDEMPOTENCY_KEY_TTL_SECONDS: bad }, '/')),
        bad,
      ).toContain('ONSCREEN_IDEMPOTENCY_KEY_TTL_SECONDS: must be');
    }
  });

  it('takes flags over the environment', () => {
    const config = resolveServeConfig(
      { port: '9000', samples: false },
      { ONSCREEN_PORT: '7000', ONSCREEN_HOST: '0.0.0.0', ONSCREEN_DATA_DIR: 'd' },
      '/srv',
    );
    expect(config).toMatchObject({ port: 9000, host: '0.0.0.0', dataDir: '/srv/d', samples: false });
  });

  it('names every bad value and where it came from', () => {
    const message = messageOf(() =>
      resolveServeConfig(
        { port: 'eighty' },
        { ONSCREEN_DATABASE_URL: 'mysql://x', MEILI_URL: 'ftp://m', ONSCREEN_DEMO_TOKEN: 'short', ONSCREEN_WORKER_CONCURRENCY: '0' },
        '/',
      ),
    );
    expect(message).toContain('--port / ONSCREEN_PORT: must be a number');
    expect(message).toContain('ONSCREEN_DATABASE_URL: must be a postgres://');
    expect(message).toContain('MEILI_URL: must be an http:// or https:// URL');
    expect(message).toContain('ONSCREEN_DEMO_TOKEN: must be 16–200');
    expect(message).toContain('ONSCREEN_WORKER_CONCURRENCY: must be 1–16');
    expect(messageOf(() => resolveServeConfig({ port: '70000' }, {}, '/'))).toContain('must be 0–65535');
    expect(messageOf(() => resolveServeConfig({}, { MEILI_URL: 'http://m:7700' }, '/'))).toContain(
      'MEILI_MASTER_KEY: must be set when MEILI_URL is',
    );
  });
});
