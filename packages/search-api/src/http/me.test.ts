import { ErrorCode } from '@onscreen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestService, type TestService } from './testing/test-service.js';

/** GET /v1/me: who the token belongs to, the account's name and REACH, and when the token expires. */
let service: TestService;
beforeAll(async () => {
  service = await openTestService({ limits: { requestsPerMinute: 1000 } });
});
afterAll(() => service?.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('GET /v1/me', () => {
  it("answers the caller's user, account name, REACH and a token that never expires", async () => {
    const { user } = service.alice;
    const res = await service.call(service.alice, 'GET', '/v1/me');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      user: { id: user.id, name: 'Alice', role: 'user', accountId: user.accountId },
      account: { id: user.accountId, name: 'A', reachEnabled: true },
      tokenExpiresAt: null,
    });
    const bob = (await service.call(service.bob, 'GET', '/v1/me')).json();
    expect([bob.user.name, bob.account.name, bob.user.accountId]).toEqual(['Bob', 'B', service.bob.user.accountId]);
    expect((await service.call(service.admin, 'GET', '/v1/me')).json().user.role).toBe('admin');
  });

  it("tells the expiry of the token sent, not of the user's other tokens", async () => {
    const expiring = await service.store.issueToken(service.alice.user.id, { ttlMs: 3_600_000 });
    const res = await service.call(expiring.token, 'GET', '/v1/me');
    expect(res.statusCode).toBe(200);
    expect(res.json().tokenExpiresAt).toBe(expiring.expiresAt);
    expect(Date.parse(res.json().tokenExpiresAt)).toBeGreaterThan(Date.now() + 3_500_000);
    expect((await service.call(service.alice, 'GET', '/v1/me')).json().tokenExpiresAt).toBeNull();
  });

  it('follows REACH being turned off and on', async () => {
    expect((await service.call(service.admin, 'PATCH', '/v1/account/reach', { enabled: false })).statusCode).toBe(200);
    try {
      expect((await service.call(service.alice, 'GET', '/v1/me')).json().account.reachEnabled).toBe(false);
    } finally {
      await service.call(service.admin, 'PATCH', '/v1/account/reach', { enabled: true });
    }
    expect((await service.call(service.alice, 'GET', '/v1/me')).json().account.reachEnabled).toBe(true);
  });

  it('answers 401 without a token, and for an expired or revoked one', async () => {
    const short = await service.store.issueToken(service.alice.user.id, { ttlMs: 200 });
    const revoked = await service.store.issueToken(service.alice.user.id);
    await service.store.revokeToken(revoked.token);
    await sleep(300);
    for (const who of [null, short.token, revoked.token]) {
      const res = await service.call(who, 'GET', '/v1/me');
      expect([res.statusCode, res.json().code]).toEqual([401, ErrorCode.UNAUTHORIZED]);
    }
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await service.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
    const schema = doc.paths['/v1/me'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(schema.properties).sort()).toEqual(['account', 'tokenExpiresAt', 'user']);
  });
});
