import { ErrorCode } from '@onscreen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestService, type TestService } from './testing/test-service.js';

/** A rule's history over HTTP: each firing and each skip with its reason; admins of the rule's account only. */
let service: TestService;
beforeAll(async () => {
  service = await openTestService({ limits: { requestsPerMinute: 1000 } });
});
afterAll(() => service?.close());

describe('GET /v1/rules/:id/runs', () => {
  it('records a skip while REACH is off and an order once it is on; 403 to users, 404 to another account', async () => {
    const created = await service.call(service.admin, 'POST', '/v1/rules', { categoryId: 'lectures' });
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json() as { id: string };
    const accountId = service.alice.user.accountId;
    await service.store.setReach(accountId, { enabled: false });
    const skipped = await service.store.createEntry({ ownerId: service.alice.user.id, title: 'Skipped', categoryIds: ['lectures'] });
    await service.store.setReach(accountId, { enabled: true });
    const ordered = await service.store.createEntry({ ownerId: service.alice.user.id, title: 'Ordered', categoryIds: ['lectures'] });
    const res = await service.call(service.admin, 'GET', `/v1/rules/${rule.id}/runs`);
    expect(res.statusCode, res.body).toBe(200);
    const runs = res.json().runs as { entryId: string; outcome: string; reason: string | null; orderId: string | null }[];
    expect(runs.map((r) => [r.entryId, r.outcome, r.reason])).toEqual([
      [ordered.id, 'ordered', null],
      [skipped.id, 'skipped', 'reach_disabled'],
    ]);
    expect(runs[0]?.orderId).toMatch(/^ord_/);
    expect((await service.call(service.alice, 'GET', `/v1/rules/${rule.id}/runs`)).statusCode).toBe(403);
    const { token } = await service.store.createUser({ accountId: service.bob.user.accountId, name: 'B admin', role: 'admin' });
    const foreign = await service.call(token, 'GET', `/v1/rules/${rule.id}/runs`);
    expect([foreign.statusCode, foreign.json().code]).toEqual([404, ErrorCode.NOT_FOUND]);
  });
});
