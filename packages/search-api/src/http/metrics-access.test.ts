import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestService, type TestService } from './testing/test-service.js';

/** /metrics behind a bearer token of its own (ONSCREEN_METRICS_TOKEN), or off the API's port altogether. */
const METRICS_TOKEN = 'metrics-scraper-token-0123456789';
let guarded: TestService;
let off: TestService;
beforeAll(async () => {
  guarded = await openTestService({ metrics: { token: METRICS_TOKEN } });
  off = await openTestService({ metrics: { onApiPort: false } });
});
afterAll(async () => {
  await guarded?.close();
  await off?.close();
});

describe('/metrics', () => {
  it('with a metrics token: 401 without it or with any other token (a user token included), 200 with it', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Bearer ${guarded.alice.token}`, `Basic ${METRICS_TOKEN}`]) {
      const res = await guarded.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
      expect([res.statusCode, res.json().code], String(authorization)).toEqual([401, 'UNAUTHORIZED']);
    }
    const ok = await guarded.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('onscreen_http_requests_total');
    // the metrics token is no API token
    expect((await guarded.call(METRICS_TOKEN, 'GET', '/v1/me')).statusCode).toBe(401);
  });

  it('served on another address: not on the API port (404), and the OpenAPI document says how it is protected', async () => {
    expect((await off.call(null, 'GET', '/metrics')).statusCode).toBe(404);
    const doc = (await guarded.call(null, 'GET', '/v1/openapi.json')).json();
    expect(doc.paths['/metrics'].get.summary).toMatch(/ONSCREEN_METRICS_TOKEN/);
    expect(doc.paths['/metrics'].get.security).toEqual([{ metricsBearer: [] }]);
  });
});
