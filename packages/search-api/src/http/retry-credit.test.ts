import { ErrorCode, Messages } from '@onscreen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestService, type TestService } from './testing/test-service.js';

/** Retry of an order in error and the REACH credit history over HTTP; attacks first. */
let service: TestService;
beforeAll(async () => {
  service = await openTestService({ limits: { requestsPerMinute: 1000 } });
});
afterAll(() => service?.close());

/** An order of Alice's that ended in error (claimed and failed as a worker would). */
async function failedOrder(title: string) {
  const entry = await service.store.createEntry({ ownerId: service.alice.user.id, title, durationMs: 120_000 });
  const res = await service.call(service.alice, 'POST', '/v1/orders', { entryIds: [entry.id], turnaroundTime: 'six_hours' });
  const order = res.json().orders[0];
  let claim = await service.store.claimNextOrder({ workerId: 'w', leaseMs: 60_000 });
  while (claim && claim.order.id !== order.id) claim = await service.store.claimNextOrder({ workerId: 'w', leaseMs: 60_000 });
  await service.store.failOrder(order.id, claim?.leaseToken ?? '', { code: 'CORRUPT_MEDIA', details: 'x', retryable: false });
  return order as { id: string; entryId: string };
}

describe('POST /v1/orders/:id/retry', () => {
  it("another account's user and a colleague get 404; a pending order 409; an unknown id 404", async () => {
    const failed = await failedOrder('Retry me');
    for (const who of [service.bob]) {
      const res = await service.call(who, 'POST', `/v1/orders/${failed.id}/retry`);
      expect([res.statusCode, res.json().code]).toEqual([404, ErrorCode.NOT_FOUND]);
    }
    expect((await service.call(service.alice, 'POST', '/v1/orders/ord_missing/retry')).statusCode).toBe(404);
    expect((await service.call(service.alice, 'POST', "/v1/orders/x'or'1/retry")).statusCode).toBe(400);
    const retried = await service.call(service.alice, 'POST', `/v1/orders/${failed.id}/retry`);
    expect(retried.statusCode, retried.body).toBe(201);
    expect(retried.json()).toMatchObject({
      message: Messages.ORDER_RECEIVED,
      order: { entryId: failed.entryId, turnaroundTime: 'six_hours', status: 'pending' },
    });
    const pending = await service.call(service.alice, 'POST', `/v1/orders/${retried.json().order.id}/retry`);
    expect([pending.statusCode, pending.json().code]).toEqual([409, ErrorCode.INVALID_TRANSITION]);
    const twice = await service.call(service.alice, 'POST', `/v1/orders/${failed.id}/retry`);
    expect([twice.statusCode, twice.json().code]).toEqual([409, ErrorCode.DUPLICATE_ORDER]);
  });

  it('an admin of the account may retry a user’s order; REACH off refuses with its message', async () => {
    const failed = await failedOrder('Admin retries');
    await service.store.setReach(service.alice.user.accountId, { enabled: false });
    const off = await service.call(service.admin, 'POST', `/v1/orders/${failed.id}/retry`);
    expect([off.statusCode, off.json().detail]).toEqual([403, Messages.REACH_DISABLED]);
    await service.store.setReach(service.alice.user.accountId, { enabled: true });
    expect((await service.call(service.admin, 'POST', `/v1/orders/${failed.id}/retry`)).statusCode).toBe(201);
  });
});

describe('GET /v1/account/credit-history', () => {
  it('is for admins of the account only, and shows a refunded order in error', async () => {
    expect((await service.call(service.alice, 'GET', '/v1/account/credit-history')).statusCode).toBe(403);
    await service.store.setReach(service.alice.user.accountId, { enabled: true, creditMinutes: 100 });
    const failed = await failedOrder('Refunded');
    const res = await service.call(service.admin, 'GET', '/v1/account/credit-history?limit=5');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().creditMinutes).toBe(100);
    expect(res.json().items[0]).toMatchObject({
      orderId: failed.id,
      minutes: 2,
      credit: 'refunded',
      orderStatus: 'error',
      requesterName: 'Alice',
    });
    // an admin of another account sees only their own account's credit
    const { token } = await service.store.createUser({ accountId: service.bob.user.accountId, name: 'B admin', role: 'admin' });
    const other = (await service.call(token, 'GET', '/v1/account/credit-history')).json();
    expect(other.items.map((i: { orderId: string }) => i.orderId)).not.toContain(failed.id);
    expect((await service.call(service.admin, 'GET', '/v1/account/credit-history?limit=1001')).statusCode).toBe(400);
  });
});
