import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestService, type TestService } from './testing/test-service.js';

/**
 * The rate limit is keyed on who a request is verified to be, not on the raw token string: minting or
 * cycling tokens does not reset a user's allowance, inventing tokens does not give an anonymous client
 * one allowance per string, and the users of one account share an account-wide allowance.
 */
const PER_USER = 20;
const PER_ACCOUNT = 50;
let service: TestService;
beforeEach(async () => {
  service = await openTestService({ limits: { requestsPerMinute: PER_USER, accountRequestsPerMinute: PER_ACCOUNT } });
});
afterEach(() => service?.close());

const get = (token: string | null, url = '/v1/rules', remoteAddress = '127.0.0.1') =>
  service.app.inject({ method: 'GET', url, remoteAddress, headers: token === null ? {} : { authorization: `Bearer ${token}` } });

describe('rate limit', () => {
  it("minting and cycling tokens does not reset a user's allowance", async () => {
    const tokens: string[] = [service.alice.token];
    const statuses: number[] = [];
    for (let i = 0; i < PER_USER + 10; i += 1) {
      if (i % 3 === 0) {
        const minted = await service.app.inject({
          method: 'POST',
          url: '/v1/tokens',
          headers: { authorization: `Bearer ${tokens.at(-1)}` },
          payload: { ttlSeconds: 3600 },
        });
        statuses.push(minted.statusCode);
        if (minted.statusCode === 201) tokens.push(minted.json().token);
      } else {
        statuses.push((await get(tokens[i % tokens.length] ?? service.alice.token)).statusCode);
      }
    }
    expect(statuses.filter((s) => s !== 429)).toHaveLength(PER_USER);
    expect(statuses.slice(PER_USER).every((s) => s === 429)).toBe(true);
    // a token minted in the store (not over HTTP) is the same user: no fresh allowance either
    const fresh = await service.store.addUserToken(service.alice.user.id);
    const refused = await get(fresh);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // another user is not affected
    expect((await get(service.bob.token)).statusCode).toBe(200);
  });

  it('invented tokens are one anonymous client: limited per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < PER_USER + 5; i += 1) statuses.push((await get(`ons_${randomBytes(16).toString('hex')}`)).statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(PER_USER);
    expect(statuses.slice(PER_USER)).toEqual(Array(5).fill(429));
    // without any token, from the same address: the same allowance, used up
    expect((await get(null)).statusCode).toBe(429);
    // another address has its own; a signed-in user on the same address has theirs
    expect((await get('ons_garbage', '/v1/rules', '127.0.0.9')).statusCode).toBe(401);
    expect((await get(service.alice.token)).statusCode).toBe(200);
  });

  it("one user's refused requests do not use up the allowance of the others in the account", async () => {
    for (let i = 0; i < PER_ACCOUNT + 10; i += 1) await get(service.alice.token);
    expect((await get(service.alice.token)).statusCode).toBe(429);
    expect((await get(service.admin.token)).statusCode).toBe(200);
  });

  it('the users of one account share an account-wide allowance, however many users it makes', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 6; n += 1) {
      const made = await service.app.inject({
        method: 'POST',
        url: '/v1/users',
        headers: { authorization: `Bearer ${service.admin.token}` },
        payload: { name: `Sock puppet ${n}` },
      });
      statuses.push(made.statusCode);
      if (made.statusCode !== 201) continue;
      for (let i = 0; i < PER_USER - 5; i += 1) statuses.push((await get(made.json().token)).statusCode);
    }
    expect(statuses.filter((s) => s !== 429)).toHaveLength(PER_ACCOUNT);
    expect((await get(service.alice.token)).statusCode).toBe(429);
    expect((await get(service.bob.token)).statusCode).toBe(200);
  });
});
