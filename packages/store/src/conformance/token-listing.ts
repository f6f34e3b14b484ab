import { describe, expect, it } from 'vitest';
import { type ConformanceTarget, sleep, useFixture } from './fixture.js';

const HOUR_MS = 3_600_000;
/** The database runs on this machine: its clock and the test's agree within this much. */
const CLOCK_TOLERANCE_MS = 2_000;

export function tokenListingTests(target: ConformanceTarget): void {
  describe('token listing and revocation by id', () => {
    const fx = useFixture(target);

    it("lists the user's tokens newest first, with their dates, and only theirs", async () => {
      const { store, user, token, colleague } = fx();
      const first = await store.inspectToken(token);
      await sleep(5);
      const before = Date.now();
      const timed = await store.issueToken(user.id, { ttlMs: HOUR_MS });
      const after = Date.now();
      await sleep(5);
      const revoked = await store.addUserToken(user.id);
      await store.revokeToken(revoked);
      await store.issueToken(colleague.id);

      const listed = await store.listTokens(user.id);
      expect(listed).toHaveLength(3);
      const timedId = (await store.inspectToken(timed.token))?.tokenId;
      expect(listed.map((t) => t.id)).toEqual([expect.any(String), timedId, first?.tokenId]);
      expect(listed[1]).toEqual({ id: timedId, createdAt: expect.any(String), expiresAt: timed.expiresAt, revokedAt: null });
      const createdMs = Date.parse(listed[1]?.createdAt ?? '');
      expect(createdMs).toBeGreaterThanOrEqual(before - CLOCK_TOLERANCE_MS);
      expect(createdMs).toBeLessThanOrEqual(after + CLOCK_TOLERANCE_MS);
      expect(listed[0]?.revokedAt).not.toBeNull();
      expect(Date.parse(listed[0]?.revokedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(listed[0]?.createdAt ?? ''));
      expect(listed[2]).toMatchObject({ expiresAt: null, revokedAt: null });
      expect(await store.listTokens(colleague.id)).toHaveLength(2);
      expect(await store.listTokens('usr_nobody')).toEqual([]);
    });

    it('never gives the secret or its hash', async () => {
      const { store, user, token, db } = fx();
      const [row] = await db.query(`SELECT token_sha256 FROM api_tokens WHERE user_id = '${user.id}'`);
      const raw = JSON.stringify(await store.listTokens(user.id));
      expect(raw).not.toContain(token);
      expect(raw).not.toContain(String(row?.token_sha256));
      expect(Object.keys((await store.listTokens(user.id))[0] ?? {}).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'revokedAt']);
    });

    it("revokes one of the user's own tokens by id, once, and no one else's", async () => {
      const { store, user, token, colleague } = fx();
      const spare = await store.addUserToken(user.id);
      const spareId = (await store.inspectToken(spare))?.tokenId ?? '';
      const colleagueToken = await store.addUserToken(colleague.id);
      const colleagueTokenId = (await store.inspectToken(colleagueToken))?.tokenId ?? '';

      expect(await store.revokeTokenById(user.id, colleagueTokenId)).toBe(false);
      expect(await store.revokeTokenById(colleague.id, spareId)).toBe(false);
      expect(await store.revokeTokenById(user.id, 'tok_unknown')).toBe(false);
      expect((await store.authenticate(colleagueToken))?.id).toBe(colleague.id);
      expect((await store.authenticate(spare))?.id).toBe(user.id);

      expect(await store.revokeTokenById(user.id, spareId)).toBe(true);
      expect(await store.authenticate(spare)).toBeNull();
      expect((await store.authenticate(token))?.id).toBe(user.id);
      expect(await store.revokeTokenById(user.id, spareId)).toBe(false);
      const listed = await store.listTokens(user.id);
      expect(listed.filter((t) => t.revokedAt !== null).map((t) => t.id)).toEqual([spareId]);
    });

    it('revokes an expired token by id too', async () => {
      const { store, user } = fx();
      const past = await store.issueToken(user.id, { expiresAt: new Date(Date.now() - 1_000) });
      const listed = await store.listTokens(user.id);
      const pastId = listed.find((t) => t.expiresAt === past.expiresAt)?.id ?? '';
      expect(await store.revokeTokenById(user.id, pastId)).toBe(true);
      expect((await store.listTokens(user.id)).find((t) => t.id === pastId)?.revokedAt).not.toBeNull();
    });
  });
}
