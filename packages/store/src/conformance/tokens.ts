import { ErrorCode } from '@onscreen/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceTarget, rejection, sleep, useFixture } from './fixture.js';

const HOUR_MS = 3_600_000;
/** Every token id the store makes. */
const TOKEN_ID = expect.stringMatching(/^tok_[A-Za-z0-9_-]{16}$/);
/** The database runs on this machine: its clock and the test's agree within this much. */
const CLOCK_TOLERANCE_MS = 2_000;

const msOf = (iso: string | null | undefined): number => {
  if (typeof iso !== 'string') throw new Error(`expected an ISO instant, got ${String(iso)}`);
  return Date.parse(iso);
};

export function tokenExpiryTests(target: ConformanceTarget): void {
  describe('token expiry', () => {
    const fx = useFixture(target);

    it('a token with a TTL works until it expires, and not from then on', async () => {
      const { store, user } = fx();
      const before = Date.now();
      const short = await store.issueToken(user.id, { ttlMs: 400 });
      const long = await store.issueToken(user.id, { ttlMs: HOUR_MS });
      const after = Date.now();
      // both expiries are database time at issue + TTL, so their gap is the TTLs' gap plus the time between the inserts
      expect(msOf(long.expiresAt) - msOf(short.expiresAt)).toBeGreaterThanOrEqual(HOUR_MS - 400);
      expect(msOf(long.expiresAt) - msOf(short.expiresAt)).toBeLessThanOrEqual(HOUR_MS - 400 + (after - before));
      expect(msOf(long.expiresAt)).toBeGreaterThanOrEqual(before + HOUR_MS - CLOCK_TOLERANCE_MS);
      expect(msOf(long.expiresAt)).toBeLessThanOrEqual(after + HOUR_MS + CLOCK_TOLERANCE_MS);
      expect((await store.authenticate(short.token))?.id).toBe(user.id);
      expect(await store.inspectToken(short.token)).toEqual({ user, tokenId: TOKEN_ID, expiresAt: short.expiresAt });

      await sleep(Math.max(0, msOf(short.expiresAt) - Date.now()) + 150);
      expect(await store.authenticate(short.token)).toBeNull();
      expect(await store.inspectToken(short.token)).toBeNull();
      expect((await store.authenticate(long.token))?.id).toBe(user.id);
      const rows = await fx().db.query('SELECT expires_ms FROM api_tokens WHERE expires_ms IS NOT NULL ORDER BY expires_ms');
      expect(rows.map((row) => Number(row.expires_ms))).toEqual([msOf(short.expiresAt), msOf(long.expiresAt)]);
    });

    it('an expiry in the past refuses the token at once; with a TTL too, the earlier one wins', async () => {
      const { store, user } = fx();
      const pastAt = new Date(Date.now() - 1_000);
      const past = await store.issueToken(user.id, { expiresAt: pastAt });
      expect(past.expiresAt).toBe(pastAt.toISOString());
      expect(await store.authenticate(past.token)).toBeNull();
      const chosenPast = await store.addUserToken(user.id, { token: 'expired-token-0123456789', expiresAt: pastAt });
      expect(chosenPast).toBe('expired-token-0123456789');
      expect(await store.authenticate(chosenPast)).toBeNull();

      const soon = new Date(Date.now() + 60_000);
      const capped = await store.issueToken(user.id, { ttlMs: HOUR_MS, expiresAt: soon });
      expect(capped.expiresAt).toBe(soon.toISOString());
      const byTtl = await store.issueToken(user.id, { ttlMs: 30_000, expiresAt: new Date(Date.now() + HOUR_MS) });
      expect(msOf(byTtl.expiresAt)).toBeLessThanOrEqual(Date.now() + 30_000 + CLOCK_TOLERANCE_MS);
      expect((await store.authenticate(capped.token))?.id).toBe(user.id);
      expect((await store.authenticate(byTtl.token))?.id).toBe(user.id);
    });

    it('issuing a token sweeps tokens that expired more than a week ago, and keeps the rest', async () => {
      const { store, user } = fx();
      const longGone = await store.issueToken(user.id, { expiresAt: new Date(Date.now() - 8 * 24 * HOUR_MS) });
      const recent = await store.issueToken(user.id, { expiresAt: new Date(Date.now() - HOUR_MS) });
      const live = await store.issueToken(user.id, { ttlMs: HOUR_MS });
      const rows = await fx().db.query('SELECT expires_ms FROM api_tokens WHERE expires_ms IS NOT NULL ORDER BY expires_ms');
      expect(rows.map((row) => Number(row.expires_ms))).toEqual([msOf(recent.expiresAt), msOf(live.expiresAt)]);
      expect(longGone.expiresAt).not.toBeNull();
      expect((await store.authenticate(live.token))?.id).toBe(user.id);
      expect((await store.authenticate(fx().token))?.id).toBe(user.id);
    });

    it('a token without an expiry (absent or null) never expires, as every older token', async () => {
      const { store, user, token } = fx();
      expect(await store.inspectToken(token)).toEqual({ user, tokenId: TOKEN_ID, expiresAt: null });
      const explicitNull = await store.issueToken(user.id, { expiresAt: null });
      expect(explicitNull.expiresAt).toBeNull();
      expect(await store.inspectToken(explicitNull.token)).toEqual({ user, tokenId: TOKEN_ID, expiresAt: null });
      expect((await store.inspectToken(await store.addUserToken(user.id)))?.expiresAt).toBeNull();
      const rows = await fx().db.query('SELECT expires_ms FROM api_tokens');
      expect(rows.map((row) => row.expires_ms)).toEqual(Array(rows.length).fill(null));
    });

    it('creates a user with an expiring first token', async () => {
      const { store, account } = fx();
      const created = await store.createUser({ accountId: account.id, name: 'Temp', ttlMs: HOUR_MS });
      expect(msOf(created.expiresAt)).toBeGreaterThan(Date.now() + HOUR_MS - CLOCK_TOLERANCE_MS);
      expect(await store.inspectToken(created.token)).toEqual({ user: created.user, tokenId: TOKEN_ID, expiresAt: created.expiresAt });
      const gone = await store.createUser({ accountId: account.id, name: 'Gone', expiresAt: new Date(Date.now() - 1) });
      expect(await store.authenticate(gone.token)).toBeNull();
    });

    it('revokes a token that has not expired yet', async () => {
      const { store, user } = fx();
      const issued = await store.issueToken(user.id, { ttlMs: HOUR_MS });
      expect(await store.revokeToken(issued.token)).toBe(true);
      expect(await store.authenticate(issued.token)).toBeNull();
      expect(await store.inspectToken(issued.token)).toBeNull();
      expect(await store.revokeToken(issued.token)).toBe(false);
    });

    it('refuses TTLs and instants that are not valid', async () => {
      const { store, user } = fx();
      for (const ttlMs of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1e300, 101 * 365 * 24 * HOUR_MS]) {
        expect((await rejection(store.issueToken(user.id, { ttlMs }))).code, `ttlMs ${ttlMs}`).toBe(ErrorCode.INVALID_INPUT);
      }
      expect((await rejection(store.issueToken(user.id, { expiresAt: new Date(Number.NaN) }))).code).toBe(ErrorCode.INVALID_INPUT);
      expect((await rejection(store.addUserToken(user.id, { token: 'short', ttlMs: 1000 }))).code).toBe(ErrorCode.INVALID_INPUT);
      expect(await fx().db.query('SELECT * FROM api_tokens WHERE expires_ms IS NOT NULL')).toEqual([]);
    });
  });
}
