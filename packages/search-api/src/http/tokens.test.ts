import { ErrorCode } from '@onscreen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_TTL_SECONDS } from './schemas.js';
import { openTestService, type TestService } from './testing/test-service.js';

/** Tokens that expire: POST /v1/tokens, POST /v1/users with tokenTtlSeconds, and 401 once expired. */
let service: TestService;
beforeAll(async () => {
  service = await openTestService({ limits: { requestsPerMinute: 1000 } });
});
afterAll(() => service?.close());

const HOUR_MS = 3_600_000;
/** SQLite's clock is this process's clock; the tolerance covers the time between the request and the check. */
const TOLERANCE_MS = 2_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('POST /v1/tokens', () => {
  it('issues the caller another token that expires after ttlSeconds (default 30 days)', async () => {
    const before = Date.now();
    const res = await service.call(service.alice, 'POST', '/v1/tokens', { ttlSeconds: 3600 });
    expect(res.statusCode, res.body).toBe(201);
    const { token, expiresAt } = res.json();
    expect(Date.parse(expiresAt) - before).toBeGreaterThanOrEqual(HOUR_MS - TOLERANCE_MS);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(HOUR_MS + TOLERANCE_MS);
    expect(await service.store.inspectToken(token)).toEqual({
      user: service.alice.user,
      tokenId: expect.stringMatching(/^tok_/),
      expiresAt,
    });
    expect((await service.call(token, 'GET', '/v1/rules')).statusCode).toBe(200);

    const byDefault = await service.call(service.alice, 'POST', '/v1/tokens', {});
    expect(byDefault.statusCode).toBe(201);
    expect(Date.parse(byDefault.json().expiresAt) - Date.now()).toBeGreaterThan(TOKEN_TTL_SECONDS.default * 1000 - TOLERANCE_MS);
    expect(Date.parse(byDefault.json().expiresAt) - Date.now()).toBeLessThanOrEqual(TOKEN_TTL_SECONDS.default * 1000);
  });

  it('refuses a ttlSeconds out of bounds, not whole, not a number, or an unknown field', async () => {
    const bad = [{ ttlSeconds: 59 }, { ttlSeconds: 365 * 86_400 + 1 }, { ttlSeconds: 90.5 }, { ttlSeconds: '3600' }, { ttl: 3600 }];
    for (const body of bad) {
      const res = await service.call(service.alice, 'POST', '/v1/tokens', body);
      expect([res.statusCode, res.json().code], JSON.stringify(body)).toEqual([400, ErrorCode.INVALID_INPUT]);
    }
    const noBody = await service.call(service.alice, 'POST', '/v1/tokens');
    expect([noBody.statusCode, noBody.json().code]).toEqual([400, ErrorCode.INVALID_INPUT]);
    expect((await service.call(service.alice, 'POST', '/v1/tokens', { ttlSeconds: 60 })).statusCode).toBe(201);
    expect((await service.call(service.alice, 'POST', '/v1/tokens', { ttlSeconds: 365 * 86_400 })).statusCode).toBe(201);
  });

  it('never issues a token that outlives the token asking for it', async () => {
    const caller = await service.store.issueToken(service.alice.user.id, { ttlMs: HOUR_MS });
    const res = await service.call(caller.token, 'POST', '/v1/tokens', { ttlSeconds: 86_400 });
    expect(res.statusCode).toBe(201);
    expect(res.json().expiresAt).toBe(caller.expiresAt);
    const shorter = await service.call(caller.token, 'POST', '/v1/tokens', { ttlSeconds: 600 });
    expect(Date.parse(shorter.json().expiresAt)).toBeLessThan(Date.parse(caller.expiresAt ?? ''));
  });

  it('is in the OpenAPI document with its bounds', async () => {
    const doc = (await service.call(null, 'GET', '/v1/openapi.json')).json();
    const body = doc.paths['/v1/tokens'].post.requestBody.content['application/json'].schema;
    expect(body.properties.ttlSeconds).toMatchObject({ minimum: 60, maximum: 31_536_000, default: 2_592_000 });
  });
});

describe('POST /v1/users with tokenTtlSeconds', () => {
  it("gives the new user's token that lifetime, none without it, and never more than the admin's own token", async () => {
    const timed = await service.call(service.admin, 'POST', '/v1/users', { name: 'Temp', tokenTtlSeconds: 120 });
    expect(timed.statusCode, timed.body).toBe(201);
    expect(Math.abs(Date.parse(timed.json().expiresAt) - (Date.now() + 120_000))).toBeLessThanOrEqual(TOLERANCE_MS);
    expect((await service.call(timed.json().token, 'GET', '/v1/account/reach')).statusCode).toBe(200);
    const forever = await service.call(service.admin, 'POST', '/v1/users', { name: 'Forever' });
    expect(forever.json().expiresAt).toBeNull();
    expect((await service.call(service.admin, 'POST', '/v1/users', { name: 'x', tokenTtlSeconds: 30 })).statusCode).toBe(400);

    const adminToken = await service.store.issueToken(service.admin.user.id, { ttlMs: HOUR_MS });
    const capped = await service.call(adminToken.token, 'POST', '/v1/users', { name: 'Capped' });
    expect(capped.json().expiresAt).toBe(adminToken.expiresAt);
  });
});

describe('expired tokens', () => {
  it('are refused with the very answer an unknown or a revoked token gets', async () => {
    const past = await service.store.issueToken(service.alice.user.id, { expiresAt: new Date(Date.now() - 1000) });
    const soon = await service.store.issueToken(service.alice.user.id, { ttlMs: 300 });
    const revoked = await service.store.addUserToken(service.alice.user.id);
    await service.store.revokeToken(revoked);
    expect((await service.call(soon.token, 'GET', '/v1/rules')).statusCode).toBe(200);
    await sleep(Math.max(0, Date.parse(soon.expiresAt ?? '') - Date.now()) + 100);
    const answers = [];
    for (const token of [past.token, soon.token, revoked, 'ons_unknown-token-0123456789']) {
      const res = await service.call(token, 'GET', '/v1/rules');
      expect([res.statusCode, res.json().code]).toEqual([401, ErrorCode.UNAUTHORIZED]);
      answers.push(res.body);
    }
    expect(new Set(answers).size).toBe(1);
    expect((await service.call(soon.token, 'POST', '/v1/tokens', { ttlSeconds: 60 })).statusCode).toBe(401);
  });
});
