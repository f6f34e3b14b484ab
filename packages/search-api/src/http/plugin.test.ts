import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveFfmpeg, resolveFfprobe } from '@onscreen/indexer';
import { type OnscreenStore, openSqliteStore } from '@onscreen/store';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onscreen } from './app.js';
import { noSearchEngine } from './testing/test-service.js';

/** The HTTP service mounted in an existing Fastify app, under a prefix, with CORS for one origin. */
let dataDir: string;
let store: OnscreenStore;
let host: FastifyInstance;
let token: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'onscreen-plugin-'));
  store = await openSqliteStore({ file: join(dataDir, 'onscreen.sqlite') });
  const account = await store.createAccount({ name: 'A', reach: { enabled: true, creditMinutes: null } });
  ({ token } = await store.createUser({ accountId: account.id, name: 'Alice' }));
  host = Fastify();
  host.get('/own', async () => ({ mine: true }));
  const ffmpegPath = resolveFfmpeg().path;
  await host.register(onscreen, {
    prefix: '/onscreen',
    store,
    ...noSearchEngine(),
    dataDir,
    ffmpegPath,
    ffprobePath: resolveFfprobe({ ffmpegPath }).path,
    corsOrigins: ['https://intranet.example'],
  });
  await host.ready();
});
afterAll(async () => {
  await host.close();
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('app.register(onscreen, …)', () => {
  it('mounts the API under the prefix beside the host routes, with its own error answers', async () => {
    expect((await host.inject('/own')).json()).toEqual({ mine: true });
    expect((await host.inject('/onscreen/healthz')).json()).toEqual({ status: 'ok' });
    const me = await host.inject({ url: '/onscreen/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json()).toMatchObject({ user: { name: 'Alice' } });
    const refused = await host.inject('/onscreen/v1/me');
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('answers CORS preflights for the configured origin only', async () => {
    const preflight = (origin: string) =>
      host.inject({
        method: 'OPTIONS',
        url: '/onscreen/v1/search',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    const allowed = await preflight('https://intranet.example');
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://intranet.example');
    expect(String(allowed.headers['access-control-allow-headers'])).toContain('authorization');
    const other = await preflight('https://elsewhere.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const get = await host.inject({ url: '/onscreen/healthz', headers: { origin: 'https://intranet.example' } });
    expect(get.headers['access-control-allow-origin']).toBe('https://intranet.example');
  });
});
