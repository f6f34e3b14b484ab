import { ErrorCode } from '@onscreen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestService, type TestService, type TestUser } from './testing/test-service.js';

/**
 * Idempotency keys over HTTP: a key is the sender's own (Bob sending Alice's key never gets her order, nor
 * her private entry's id), and it stands for one request (another body with it is 422 IDEMPOTENCY_KEY_REUSED).
 */
let service: TestService;
beforeAll(async () => {
  service = await openTestService({ limits: { requestsPerMinute: 1000 } });
});
afterAll(() => service?.close());

const order = (who: TestUser, entryIds: string[], key: string, extra: Record<string, unknown> = {}) =>
  service.call(who, 'POST', '/v1/orders', { entryIds, ...extra }, { 'idempotency-key': key });
const entryOf = (who: TestUser, title: string) => service.store.createEntry({ ownerId: who.user.id, title, durationMs: 60_000 });

describe('Idempotency-Key', () => {
  it("another user's key (same account or not) never answers with the first user's orders", async () => {
    const secret = await entryOf(service.alice, 'Alice private plan');
    const first = await order(service.alice, [secret.id], 'alice-key-1');
    expect(first.statusCode, first.body).toBe(201);
    const aliceOrder = first.json().orders[0];
    for (const other of [service.admin, service.bob]) {
      const own = await entryOf(other, `${other.user.name}'s`);
      const res = await order(other, [own.id], 'alice-key-1');
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().orders.map((o: { entryId: string; requesterId: string }) => [o.entryId, o.requesterId])).toEqual([
        [own.id, other.user.id],
      ]);
      expect(res.body).not.toContain(secret.id);
      expect(res.body).not.toContain(aliceOrder.id);
    }
    const retried = await order(service.alice, [secret.id], 'alice-key-1');
    expect(retried.json().orders.map((o: { id: string }) => o.id)).toEqual([aliceOrder.id]);
  });

  it('the same key with another body answers 422 IDEMPOTENCY_KEY_REUSED and orders nothing', async () => {
    const [a, b] = [await entryOf(service.alice, 'A'), await entryOf(service.alice, 'B')];
    expect((await order(service.alice, [a.id], 'alice-key-2')).statusCode).toBe(201);
    const reused = await order(service.alice, [b.id], 'alice-key-2');
    expect(reused.statusCode).toBe(422);
    expect(reused.headers['content-type']).toContain('application/problem+json');
    expect(reused.json()).toMatchObject({
      status: 422,
      code: ErrorCode.IDEMPOTENCY_KEY_REUSED,
      details: { idempotencyKey: 'alice-key-2' },
    });
    expect((await service.call(service.alice, 'GET', `/v1/entries/${b.id}/orders`)).json().orders).toEqual([]);
    const changed = await order(service.alice, [a.id], 'alice-key-2', { turnaroundTime: 'immediate' });
    expect(changed.json().code).toBe(ErrorCode.IDEMPOTENCY_KEY_REUSED);
  });

  it('is in the OpenAPI document: the header, and the 422', async () => {
    const doc = (await service.call(null, 'GET', '/v1/openapi.json')).json();
    const post = doc.paths['/v1/orders'].post;
    expect(post.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }));
    expect(post.responses['422'].content['application/problem+json'].schema.allOf[1].properties.code.enum).toContain(
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(doc.components.schemas.Problem.properties.code.enum).toContain('IDEMPOTENCY_KEY_REUSED');
  });
});
