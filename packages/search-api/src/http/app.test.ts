import { ErrorCode, Messages } from '@onscreen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEMS } from './problem.js';
import { openTestService, type TestService } from './testing/test-service.js';

/** Everything the service answers without a search engine: auth, account, users, rules, orders, errors, ops. */
let service: TestService;
beforeAll(async () => {
  service = await openTestService({ limits: { requestsPerMinute: 1000 } });
});
afterAll(() => service?.close());

const entryOf = (ownerId: string, title = 'Q3 review') => service.store.createEntry({ ownerId, title, durationMs: 60_000 });

describe('auth', () => {
  it('answers 401 problem+json for a missing, malformed, unknown or revoked token', async () => {
    const { user, token } = await service.store.createUser({ accountId: service.alice.user.accountId, name: 'Temp' });
    expect((await service.call(token, 'GET', '/v1/rules')).statusCode).toBe(200);
    expect(user.role).toBe('user');
    const revoke = await service.call(token, 'POST', '/v1/tokens/revoke', { token });
    expect(revoke.statusCode).toBe(204);
    for (const who of [null, 'ons_not-a-token', token]) {
      const res = await service.call(who, 'GET', '/v1/rules');
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ status: 401, code: ErrorCode.UNAUTHORIZED, title: 'Unauthorized' });
    }
    const malformed = await service.app.inject({
      method: 'GET',
      url: '/v1/rules',
      headers: { authorization: `Basic ${service.alice.token}` },
    });
    expect(malformed.statusCode).toBe(401);
  });

  it('lets a user revoke only their own tokens, an admin those of their account', async () => {
    const other = await service.store.createUser({ accountId: service.alice.user.accountId, name: 'Other' });
    expect((await service.call(service.bob, 'POST', '/v1/tokens/revoke', { token: other.token })).statusCode).toBe(404);
    expect((await service.call(service.alice, 'POST', '/v1/tokens/revoke', { token: other.token })).statusCode).toBe(404);
    expect((await service.call(service.admin, 'POST', '/v1/tokens/revoke', { token: other.token })).statusCode).toBe(204);
    expect((await service.call(other.token, 'GET', '/v1/rules')).statusCode).toBe(401);
  });
});

describe('account and users', () => {
  it('shows REACH to everyone of the account and lets only admins change it', async () => {
    const reach = await service.call(service.alice, 'GET', '/v1/account/reach');
    expect(reach.json()).toEqual({ accountId: service.alice.user.accountId, enabled: true, creditMinutes: null });
    const denied = await service.call(service.alice, 'PATCH', '/v1/account/reach', { enabled: false });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe(ErrorCode.FORBIDDEN);
    const changed = await service.call(service.admin, 'PATCH', '/v1/account/reach', { enabled: true, creditMinutes: 120 });
    expect(changed.json()).toMatchObject({ enabled: true, creditMinutes: 120 });
    const kept = await service.call(service.admin, 'PATCH', '/v1/account/reach', { enabled: true });
    expect(kept.json().creditMinutes).toBe(120);
    // the credit alone: REACH stays as it is
    const creditOnly = await service.call(service.admin, 'PATCH', '/v1/account/reach', { creditMinutes: 90 });
    expect(creditOnly.json()).toMatchObject({ enabled: true, creditMinutes: 90 });
    expect((await service.call(service.admin, 'PATCH', '/v1/account/reach', {})).statusCode).toBe(400);
    await service.call(service.admin, 'PATCH', '/v1/account/reach', { enabled: true, creditMinutes: null });
    const invalid = await service.call(service.admin, 'PATCH', '/v1/account/reach', { enabled: 'yes' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ code: ErrorCode.INVALID_INPUT, status: 400 });
  });

  it('creates a user whose token works at once (admins only)', async () => {
    expect((await service.call(service.alice, 'POST', '/v1/users', { name: 'Eve' })).statusCode).toBe(403);
    const created = await service.call(service.admin, 'POST', '/v1/users', { name: 'Carol' });
    expect(created.statusCode).toBe(201);
    const { user, token } = created.json();
    expect(user).toMatchObject({ name: 'Carol', role: 'user', accountId: service.admin.user.accountId });
    expect((await service.call(token, 'GET', '/v1/account/reach')).statusCode).toBe(200);
    expect((await service.call(service.admin, 'POST', '/v1/users', { name: '' })).statusCode).toBe(400);
  });
});

describe('rules', () => {
  it('adds, lists and deletes account rules; other accounts see none of them', async () => {
    const added = await service.call(service.admin, 'POST', '/v1/rules', { categoryId: 'webinars' });
    expect(added.statusCode).toBe(201);
    const rule = added.json();
    expect(rule).toMatchObject({ categoryId: 'webinars', service: 'machine', feature: 'ocr', turnaroundTime: 'best_effort' });
    expect((await service.call(service.alice, 'GET', '/v1/rules')).json().rules.map((r: { id: string }) => r.id)).toContain(rule.id);
    expect((await service.call(service.bob, 'GET', '/v1/rules')).json().rules).toEqual([]);
    expect((await service.call(service.alice, 'POST', '/v1/rules', { categoryId: 'x' })).statusCode).toBe(403);
    expect((await service.call(service.admin, 'POST', '/v1/rules', { categoryId: 'bad id!' })).statusCode).toBe(400);
    // another account's rule is answered like a missing one; a user of the account sees it and may not delete it
    expect((await service.call(service.bob, 'DELETE', `/v1/rules/${rule.id}`)).statusCode).toBe(404);
    expect((await service.call(service.alice, 'DELETE', `/v1/rules/${rule.id}`)).statusCode).toBe(403);
    expect((await service.call(service.admin, 'DELETE', `/v1/rules/${rule.id}`)).statusCode).toBe(204);
    expect((await service.call(service.admin, 'DELETE', `/v1/rules/${rule.id}`)).statusCode).toBe(404);
  });
});

describe('orders', () => {
  it('orders OCR with the exact message, lists newest first, and says when there are none', async () => {
    const entry = await entryOf(service.alice.user.id);
    const none = await service.call(service.alice, 'GET', `/v1/entries/${entry.id}/orders`);
    expect(none.json()).toEqual({ orders: [], message: Messages.NO_REQUESTS });
    const created = await service.call(service.alice, 'POST', '/v1/orders', { entryIds: [entry.id], turnaroundTime: 'immediate' });
    expect(created.statusCode).toBe(201);
    expect(created.json().message).toBe(Messages.ORDER_RECEIVED);
    expect(created.json().orders).toHaveLength(1);
    const order = created.json().orders[0];
    expect(order).toMatchObject({ entryId: entry.id, status: 'pending', service: 'machine', feature: 'ocr', turnaroundTime: 'immediate' });
    const listed = await service.call(service.alice, 'GET', `/v1/entries/${entry.id}/orders`);
    expect(listed.json()).toEqual({ orders: [order] });
    expect((await service.call(service.alice, 'GET', `/v1/orders/${order.id}`)).json()).toEqual(order);
    const duplicate = await service.call(service.alice, 'POST', '/v1/orders', { entryIds: [entry.id] });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().code).toBe(ErrorCode.DUPLICATE_ORDER);
  });

  it('makes retries with the same Idempotency-Key answer the same orders', async () => {
    const entry = await entryOf(service.alice.user.id);
    const headers = { 'idempotency-key': `key-${entry.id}` };
    const first = await service.call(service.alice, 'POST', '/v1/orders', { entryIds: [entry.id] }, headers);
    const again = await service.call(service.alice, 'POST', '/v1/orders', { entryIds: [entry.id] }, headers);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json().orders.map((o: { id: string }) => o.id)).toEqual(first.json().orders.map((o: { id: string }) => o.id));
  });

  it('refuses when REACH is off, with the exact message', async () => {
    const entry = await entryOf(service.bob.user.id);
    await service.store.setReach(service.bob.user.accountId, { enabled: false });
    try {
      const res = await service.call(service.bob, 'POST', '/v1/orders', { entryIds: [entry.id] });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: ErrorCode.REACH_DISABLED, detail: Messages.REACH_DISABLED });
    } finally {
      await service.store.setReach(service.bob.user.accountId, { enabled: true });
    }
  });

  it('cancels a pending order; one in progress answers 409 with the exact message', async () => {
    const [pendingEntry, busyEntry] = [await entryOf(service.alice.user.id), await entryOf(service.alice.user.id)];
    const [pending] = (await service.call(service.alice, 'POST', '/v1/orders', { entryIds: [pendingEntry.id] })).json().orders;
    const cancelled = await service.call(service.alice, 'DELETE', `/v1/orders/${pending.id}`);
    expect(cancelled.json()).toMatchObject({ id: pending.id, status: 'aborted' });
    const [busy] = (
      await service.call(service.alice, 'POST', '/v1/orders', { entryIds: [busyEntry.id], turnaroundTime: 'immediate' })
    ).json().orders;
    let claim = await service.store.claimNextOrder({ workerId: 'test', leaseMs: 60_000 });
    while (claim && claim.order.id !== busy.id) claim = await service.store.claimNextOrder({ workerId: 'test', leaseMs: 60_000 });
    expect(claim?.order.id).toBe(busy.id);
    const refused = await service.call(service.alice, 'DELETE', `/v1/orders/${busy.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: ErrorCode.ALREADY_IN_PROGRESS, detail: Messages.ALREADY_IN_PROGRESS });
  });

  it("never shows, lists or cancels another user's orders (404, not 403)", async () => {
    const entry = await entryOf(service.alice.user.id);
    const [order] = (await service.call(service.alice, 'POST', '/v1/orders', { entryIds: [entry.id] })).json().orders;
    for (const [method, url] of [
      ['GET', `/v1/orders/${order.id}`],
      ['DELETE', `/v1/orders/${order.id}`],
      ['GET', `/v1/entries/${entry.id}/orders`],
    ] as const) {
      const res = await service.call(service.bob, method, url);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe(ErrorCode.NOT_FOUND);
    }
    expect((await service.call(service.bob, 'POST', '/v1/orders', { entryIds: [entry.id] })).statusCode).toBe(404);
    expect((await service.call(service.alice, 'GET', `/v1/orders/${order.id}`)).json().status).toBe('pending');
    // the admin of Alice's account manages her orders
    expect((await service.call(service.admin, 'GET', `/v1/orders/${order.id}`)).statusCode).toBe(200);
  });

  it('validates order requests', async () => {
    for (const body of [{}, { entryIds: [] }, { entryIds: ['a b'] }, { entryIds: ['x'], turnaroundTime: 'tomorrow' }]) {
      const res = await service.call(service.alice, 'POST', '/v1/orders', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe(ErrorCode.INVALID_INPUT);
    }
    const professional = await service.call(service.alice, 'POST', '/v1/orders', {
      entryIds: [(await entryOf(service.alice.user.id)).id],
      service: 'professional',
    });
    expect(professional.json().code).toBe(ErrorCode.SERVICE_NOT_SUPPORTED);
  });
});

describe('errors and limits', () => {
  it('maps every error code to a status in one table', () => {
    for (const code of Object.values(ErrorCode)) expect(PROBLEMS[code].status, code).toBeGreaterThanOrEqual(400);
  });

  it('answers unknown routes, bad JSON and too long URLs as problem+json', async () => {
    const missing = await service.call(service.alice, 'GET', '/v1/nothing-here');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().type).toMatch(/^urn:onscreen:problem:/);
    const badJson = await service.app.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { authorization: `Bearer ${service.alice.token}`, 'content-type': 'application/json' },
      payload: '{"entryIds": [',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().code).toBe(ErrorCode.INVALID_INPUT);
    const long = await service.call(service.alice, 'GET', `/v1/search?q=${'a'.repeat(5000)}`);
    expect(long.statusCode).toBe(400);
    expect(long.json().detail).toContain('4096');
  });

  it('answers a failure it does not know as an opaque 500 without a stack trace', async () => {
    // the unit service has no search engine: the index throws a plain Error
    const res = await service.call(service.alice, 'GET', '/v1/search?q=revenue');
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      type: 'urn:onscreen:problem:INTERNAL',
      title: 'Internal Server Error',
      status: 500,
      detail: 'Internal Server Error. Try again later.',
      code: 'INTERNAL',
    });
    expect(res.body).not.toContain('search engine');
  });

  it('limits requests per user', async () => {
    const limited = await openTestService({ limits: { requestsPerMinute: 3 } });
    try {
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await limited.call(limited.alice, 'GET', '/v1/rules')).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
      const res = await limited.call(limited.alice, 'GET', '/v1/rules');
      expect(res.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect((await limited.call(limited.bob, 'GET', '/v1/rules')).statusCode).toBe(200);
      expect((await limited.call(null, 'GET', '/healthz')).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('ops', () => {
  it('reports liveness, readiness per dependency, metrics and the OpenAPI document', async () => {
    expect((await service.call(null, 'GET', '/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await service.call(null, 'GET', '/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'unavailable', store: 'ok', search: 'down', reason: 'Meilisearch does not answer' });
    const metrics = await service.call(null, 'GET', '/metrics');
    expect(metrics.body).toMatch(/onscreen_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(metrics.body).toContain('onscreen_http_request_duration_seconds_bucket');
    expect(metrics.body).toMatch(/onscreen_orders\{status="pending"\} [1-9]/);
    expect(metrics.body).toContain('onscreen_ocr_frames_total 0');
    expect(metrics.body).toMatch(/^onscreen_search_outbox\{figure="pending"\} \d+$/m);
    const doc = (await service.call(null, 'GET', '/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/entries', '/v1/entries/{id}', '/v1/orders', '/v1/search', '/v1/entries/{id}/ocr.vtt']),
    );
    expect(Object.keys(doc.paths['/v1/entries/{id}']).sort()).toEqual(['delete', 'get', 'patch']);
    const search = doc.paths['/v1/search'].get;
    expect(search.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['q', 'entryId', 'page', 'pageSize']));
    expect(doc.paths['/v1/orders'].post.requestBody.content['application/json'].schema.properties.entryIds.maxItems).toBe(100);
  });

  it('gives every operation a unique operationId and lists its real 4xx answers', async () => {
    const doc = (await service.call(null, 'GET', '/v1/openapi.json')).json();
    const operations = Object.values(
      doc.paths as Record<string, Record<string, { operationId?: string; responses: Record<string, unknown> }>>,
    ).flatMap((path) => Object.values(path));
    const ids = operations.map((op) => op.operationId);
    expect(
      ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id)),
      ids.join(),
    ).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const codesAt = (path: string, method: string, status: string) =>
      doc.paths[path][method].responses[status]?.content['application/problem+json'].schema.allOf[1].properties.code.enum;
    expect(doc.paths['/v1/orders'].post.operationId).toBe('createOrders');
    expect(codesAt('/v1/orders', 'post', '400')).toEqual(['INVALID_INPUT']);
    expect(codesAt('/v1/orders', 'post', '401')).toEqual(['UNAUTHORIZED']);
    expect(codesAt('/v1/orders', 'post', '403')).toEqual(['REACH_DISABLED']);
    expect(codesAt('/v1/orders', 'post', '409')).toEqual(['DUPLICATE_ORDER']);
    expect(codesAt('/v1/orders', 'post', '429')).toEqual(['RATE_LIMITED']);
    expect(codesAt('/v1/orders/{id}', 'delete', '409')).toEqual(['ALREADY_IN_PROGRESS']);
    expect(codesAt('/v1/users', 'post', '403')).toEqual(['FORBIDDEN']);
    expect(Object.keys(doc.paths['/healthz'].get.responses).sort()).toEqual(['200', 'default']);
  });

  it('keeps the default process metrics under their standard names', async () => {
    const metrics = (await service.call(null, 'GET', '/metrics')).body;
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(metrics).toMatch(new RegExp(`^${name}[ {]`, 'm'));
    }
    expect(metrics).not.toContain('onscreen_process_');
    expect(metrics).not.toContain('onscreen_nodejs_');
  });
});
