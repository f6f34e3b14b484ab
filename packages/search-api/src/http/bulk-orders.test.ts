import { ErrorCode, Messages } from '@onscreen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestService, type TestService, type TestUser } from './testing/test-service.js';

/**
 * POST /v1/orders/bulk: each entry gets its own result in the portal's words. Attacks first: another
 * account's or a colleague's private entries are "not yours" without their titles, and nothing is ordered
 * for them; bad ids and oversized lists are refused whole; a key answers only its sender, with the same answer.
 */
let service: TestService;
beforeAll(async () => {
  service = await openTestService({ limits: { requestsPerMinute: 1000 } });
});
afterAll(() => service?.close());

const bulk = (who: TestUser, entryIds: string[], headers: Record<string, string> = {}, extra: Record<string, unknown> = {}) =>
  service.call(who, 'POST', '/v1/orders/bulk', { entryIds, ...extra }, headers);
const entryOf = (who: TestUser, title: string, visibility: 'private' | 'published' = 'private') =>
  service.store.createEntry({ ownerId: who.user.id, title, durationMs: 60_000, visibility });
const rows = (body: { results: { title: string | null; outcome: string; reason?: string }[] }) =>
  body.results.map((r) => [r.title, r.outcome === 'ordered' ? 'ordered' : r.reason]);

describe('POST /v1/orders/bulk: attacks', () => {
  it("another account's entries are 'not yours', untitled, and get no order", async () => {
    const secret = await entryOf(service.alice, 'Alice merger plan');
    const res = await bulk(service.bob, [secret.id]);
    expect(res.statusCode, res.body).toBe(200);
    expect(rows(res.json())).toEqual([[null, 'not_yours']]);
    expect(res.body).not.toContain('merger');
    expect(res.json()).toMatchObject({ summary: '1 not yours', ordered: 0, refused: 1, message: null });
    expect(await service.store.listEntryOrders(secret.id, service.alice.user.id)).toEqual([]);
  });

  it("a colleague's private entry is 'not yours' to a user, untitled; a published one shows its title", async () => {
    const hidden = await entryOf(service.admin, 'Admin salary review');
    const open = await entryOf(service.admin, 'Town hall', 'published');
    const res = await bulk(service.alice, [hidden.id, open.id]);
    expect(rows(res.json())).toEqual([
      [null, 'not_yours'],
      ['Town hall', 'not_yours'],
    ]);
    expect(res.body).not.toContain('salary');
  });

  it.each([
    ['an id with SQL in it', ["x' OR '1'='1"]],
    ['no entries', []],
    ['101 entries', Array.from({ length: 101 }, (_, i) => `ent_${i}`)],
  ])('refuses %s whole with INVALID_INPUT', async (_name, entryIds) => {
    const res = await bulk(service.alice, entryIds);
    expect([res.statusCode, res.json().code]).toEqual([400, ErrorCode.INVALID_INPUT]);
  });

  it('refuses a professional service whole', async () => {
    const mine = await entryOf(service.alice, 'Mine');
    const res = await bulk(service.alice, [mine.id], {}, { service: 'professional' });
    expect([res.statusCode, res.json().code]).toEqual([422, ErrorCode.SERVICE_NOT_SUPPORTED]);
  });
});

describe('POST /v1/orders/bulk: results', () => {
  it('orders what it can, says why not for the rest, and sums it up', async () => {
    const entries = await Promise.all(['One', 'Two', 'Three'].map((t) => entryOf(service.alice, t)));
    const busy = await entryOf(service.alice, 'Busy');
    await service.call(service.alice, 'POST', '/v1/orders', { entryIds: [busy.id] });
    const foreign = await entryOf(service.bob, 'Foreign');
    const res = await bulk(service.alice, [...entries.map((e) => e.id), busy.id, foreign.id]);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(rows(body)).toEqual([
      ['One', 'ordered'],
      ['Two', 'ordered'],
      ['Three', 'ordered'],
      ['Busy', 'already_ordered'],
      [null, 'not_yours'],
    ]);
    expect(body.summary).toBe('3 ordered, 1 already ordered, 1 not yours');
    expect(body.message).toBe(Messages.ORDER_RECEIVED);
    expect(body.results[0].order).toMatchObject({ status: 'pending', requesterName: 'Alice' });
    expect(body.results[3].message).toBe('This entry already has an OCR request pending or in progress.');
  });

  it("REACH off: every entry says so in the portal's words", async () => {
    const bobs = await entryOf(service.bob, 'Bob clip');
    await service.store.setReach(service.bob.user.accountId, { enabled: false });
    try {
      const body = (await bulk(service.bob, [bobs.id])).json();
      expect(rows(body)).toEqual([['Bob clip', 'reach_disabled']]);
      expect(body.results[0].message).toBe(Messages.REACH_DISABLED);
      expect(body.summary).toBe('1 REACH off');
    } finally {
      await service.store.setReach(service.bob.user.accountId, { enabled: true });
    }
  });

  it("a key gives its sender the same answer again, another body 422; another user's same key is their own", async () => {
    const [a, b] = [await entryOf(service.alice, 'Key A'), await entryOf(service.alice, 'Key B')];
    const first = await bulk(service.alice, [a.id], { 'idempotency-key': 'bulk-http-1' });
    const again = await bulk(service.alice, [a.id], { 'idempotency-key': 'bulk-http-1' });
    expect(again.json().results[0].order.id).toBe(first.json().results[0].order.id);
    const other = await bulk(service.alice, [b.id], { 'idempotency-key': 'bulk-http-1' });
    expect([other.statusCode, other.json().code]).toEqual([422, ErrorCode.IDEMPOTENCY_KEY_REUSED]);
    const bobs = await entryOf(service.bob, 'Bob key');
    const bob = await bulk(service.bob, [bobs.id], { 'idempotency-key': 'bulk-http-1' });
    expect(rows(bob.json())).toEqual([['Bob key', 'ordered']]);
    expect(bob.body).not.toContain(a.id);
  });
});
