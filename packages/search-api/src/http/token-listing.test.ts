import { createHash } from 'node:crypto';
import { ErrorCode } from '@onscreen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestService, type TestService, type TestUser } from './testing/test-service.js';

/** GET /v1/tokens and DELETE /v1/tokens/:id: a user lists and revokes their own tokens; admins, their account's. */
let service: TestService;
beforeAll(async () => {
  service = await openTestService({ limits: { requestsPerMinute: 1000 } });
});
afterAll(() => service?.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256Hex = (token: string) => createHash('sha256').update(token).digest('hex');
/** A fresh user of account A (Alice's and the admin's), so each test counts only its own tokens. */
const newUser = async (name: string): Promise<TestUser> => {
  const { user, token } = await service.store.createUser({ accountId: service.alice.user.accountId, name });
  return { user, token };
};
const tokenIdOf = async (token: string) => (await service.store.inspectToken(token))?.tokenId ?? '';
const listOf = async (who: TestUser | string, query = '') => {
  const res = await service.call(who, 'GET', `/v1/tokens${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().tokens as { id: string; createdAt: string; expiresAt: string | null; revokedAt: string | null; current: boolean }[];
};

describe('GET /v1/tokens', () => {
  it("lists the caller's tokens newest first, marks the one of this request, and never shows a secret or a hash", async () => {
    const carol = await newUser('Carol');
    await sleep(5);
    const timed = await service.call(carol, 'POST', '/v1/tokens', { ttlSeconds: 3600 });
    expect(timed.statusCode).toBe(201);
    await sleep(5);
    const third = await service.store.addUserToken(carol.user.id);
    const secrets = [carol.token, timed.json().token as string, third];

    const res = await service.call(timed.json().token, 'GET', '/v1/tokens');
    expect(res.statusCode, res.body).toBe(200);
    const { tokens } = res.json();
    expect(tokens.map((t: { id: string }) => t.id)).toEqual([
      await tokenIdOf(third),
      await tokenIdOf(secrets[1] ?? ''),
      await tokenIdOf(carol.token),
    ]);
    expect(tokens.map((t: { current: boolean }) => t.current)).toEqual([false, true, false]);
    expect(tokens[1]).toEqual({
      id: await tokenIdOf(secrets[1] ?? ''),
      createdAt: expect.any(String),
      expiresAt: timed.json().expiresAt,
      revokedAt: null,
      current: true,
    });
    expect(tokens[2].expiresAt).toBeNull();
    for (const secret of secrets) {
      expect(res.body).not.toContain(secret);
      expect(res.body).not.toContain(sha256Hex(secret));
    }
    expect(Object.keys(tokens[0]).sort()).toEqual(['createdAt', 'current', 'expiresAt', 'id', 'revokedAt']);
    expect((await listOf(carol)).map((t) => t.current)).toEqual([false, false, true]);
  });

  it('admins list a user of their own account with ?userId=, and nobody else', async () => {
    const dave = await newUser('Dave');
    const listed = await listOf(service.admin, `?userId=${dave.user.id}`);
    expect(listed).toEqual([expect.objectContaining({ id: await tokenIdOf(dave.token), current: false })]);
    expect((await listOf(dave, `?userId=${dave.user.id}`)).map((t) => t.current)).toEqual([true]);
    const refused = [
      [service.admin, service.bob.user.id],
      [service.admin, 'usr_unknown'],
      [dave, service.alice.user.id],
      [dave, service.admin.user.id],
    ] as const;
    for (const [who, userId] of refused) {
      const res = await service.call(who, 'GET', `/v1/tokens?userId=${userId}`);
      expect([res.statusCode, res.json().code], `${who.user.name} → ${userId}`).toEqual([404, ErrorCode.NOT_FOUND]);
      expect(res.body).not.toContain('tok_');
    }
  });
});

describe('DELETE /v1/tokens/:id', () => {
  it('revokes one of your tokens: it is refused from then on, listed as revoked, and a second delete is 404', async () => {
    const erin = await newUser('Erin');
    const spare = await service.store.addUserToken(erin.user.id);
    const spareId = await tokenIdOf(spare);
    const before = Date.now();
    const res = await service.call(erin, 'DELETE', `/v1/tokens/${spareId}`);
    expect([res.statusCode, res.body]).toEqual([204, '']);
    expect((await service.call(spare, 'GET', '/v1/me')).statusCode).toBe(401);
    expect((await service.call(erin, 'GET', '/v1/me')).statusCode).toBe(200);
    const revoked = (await listOf(erin)).find((t) => t.id === spareId);
    expect(Date.parse(revoked?.revokedAt ?? '')).toBeGreaterThanOrEqual(before - 1_000);
    expect(Date.parse(revoked?.revokedAt ?? '')).toBeLessThanOrEqual(Date.now() + 1_000);
    const again = await service.call(erin, 'DELETE', `/v1/tokens/${spareId}`);
    expect([again.statusCode, again.json().code]).toEqual([404, ErrorCode.NOT_FOUND]);
  });

  it("answers 404 for another user's token (same account or not) and for an unknown id, and revokes nothing", async () => {
    const frank = await newUser('Frank');
    const victims = [service.bob, service.alice, service.admin];
    for (const victim of victims) {
      const victimTokenId = await tokenIdOf(victim.token);
      const res = await service.call(frank, 'DELETE', `/v1/tokens/${victimTokenId}`);
      expect([res.statusCode, res.json().code], victim.user.name).toEqual([404, ErrorCode.NOT_FOUND]);
      const withUserId = await service.call(frank, 'DELETE', `/v1/tokens/${victimTokenId}?userId=${victim.user.id}`);
      expect([withUserId.statusCode, withUserId.json().code], victim.user.name).toEqual([404, ErrorCode.NOT_FOUND]);
      expect((await service.call(victim, 'GET', '/v1/me')).statusCode, victim.user.name).toBe(200);
    }
    const unknown = await service.call(frank, 'DELETE', '/v1/tokens/tok_AAAAAAAAAAAAAAAA');
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, ErrorCode.NOT_FOUND]);
    const bad = await service.call(frank, 'DELETE', '/v1/tokens/..%2f');
    expect([bad.statusCode, bad.json().code]).toEqual([400, ErrorCode.INVALID_INPUT]);
    for (const victim of victims) {
      const victimTokenId = await tokenIdOf(victim.token);
      const listed = await service.store.listTokens(victim.user.id);
      expect(listed.find((t) => t.id === victimTokenId)?.revokedAt, victim.user.name).toBeNull();
    }
  });

  it('revokes the token of this request: the answer is 204, the next request with it is 401', async () => {
    const grace = await newUser('Grace');
    const res = await service.call(grace, 'DELETE', `/v1/tokens/${await tokenIdOf(grace.token)}`);
    expect(res.statusCode, res.body).toBe(204);
    const next = await service.call(grace, 'GET', '/v1/tokens');
    expect([next.statusCode, next.json().code]).toEqual([401, ErrorCode.UNAUTHORIZED]);
  });

  it("lets an admin revoke a token of a user of their account with ?userId=, not another account's", async () => {
    const heidi = await newUser('Heidi');
    const heidiTokenId = await tokenIdOf(heidi.token);
    const noUserId = await service.call(service.admin, 'DELETE', `/v1/tokens/${heidiTokenId}`);
    expect(noUserId.statusCode).toBe(404);
    const bobs = await service.call(
      service.admin,
      'DELETE',
      `/v1/tokens/${await tokenIdOf(service.bob.token)}?userId=${service.bob.user.id}`,
    );
    expect([bobs.statusCode, bobs.json().code]).toEqual([404, ErrorCode.NOT_FOUND]);
    expect((await service.call(service.bob, 'GET', '/v1/me')).statusCode).toBe(200);
    expect((await service.call(heidi, 'GET', '/v1/me')).statusCode).toBe(200);

    const res = await service.call(service.admin, 'DELETE', `/v1/tokens/${heidiTokenId}?userId=${heidi.user.id}`);
    expect(res.statusCode, res.body).toBe(204);
    expect((await service.call(heidi, 'GET', '/v1/me')).statusCode).toBe(401);
    expect((await service.call(service.admin, 'GET', '/v1/me')).statusCode).toBe(200);
  });

  it('both routes are in the OpenAPI document', async () => {
    const doc = (await service.call(null, 'GET', '/v1/openapi.json')).json();
    expect(Object.keys(doc.paths['/v1/tokens']).sort()).toEqual(['get', 'post']);
    expect(doc.paths['/v1/tokens/{id}'].delete).toBeDefined();
    const item = doc.paths['/v1/tokens'].get.responses['200'].content['application/json'].schema.properties.tokens.items;
    expect(Object.keys(item.properties).sort()).toEqual(['createdAt', 'current', 'expiresAt', 'id', 'revokedAt']);
  });
});
