import { ErrorCode, OnscreenError } from '@onscreen/core';
import { z } from 'zod';
import { isMetricsToken } from '../metrics-server.js';
import type { HttpMetrics } from '../metrics.js';
import { buildOpenApiDocument } from '../openapi.js';
import type { Api } from '../route.js';

/** For operators: liveness, readiness (store + Meilisearch), Prometheus metrics, the OpenAPI document. */
export function opsRoutes(api: Api, metrics: HttpMetrics): void {
  const { store, index } = api.deps;
  const check = (probe: () => Promise<unknown>) =>
    probe().then(
      (ok) => (ok === false ? 'down' : 'ok'),
      () => 'down',
    );

  api.add({
    method: 'GET',
    url: '/healthz',
    operationId: 'getHealth',
    tag: 'ops',
    auth: 'none',
    summary: 'The process is up',
    response: z.object({ status: z.literal('ok') }),
    handler: async () => ({ status: 'ok' as const }),
  });

  const searchStatus =
    api.deps.searchStatus ??
    (async () =>
      (await index.health().catch(() => false))
        ? { available: true, reason: null }
        : { available: false, reason: 'Meilisearch does not answer' });

  api.add({
    method: 'GET',
    url: '/readyz',
    operationId: 'getReadiness',
    tag: 'ops',
    auth: 'none',
    summary: 'The store and Meilisearch answer (503 when one does not, with the reason)',
    response: z.object({
      status: z.enum(['ok', 'unavailable']),
      store: z.enum(['ok', 'down']),
      search: z.enum(['ok', 'down']),
      reason: z.string().optional(),
    }),
    handler: async ({ reply }) => {
      const [storeState, search] = await Promise.all([check(() => store.countOrdersByStatus()), searchStatus()]);
      const ready = storeState === 'ok' && search.available;
      const reasons = [storeState === 'ok' ? null : 'the store does not answer', search.reason].filter((r): r is string => r !== null);
      reply.code(ready ? 200 : 503);
      return reply.send({
        status: ready ? 'ok' : 'unavailable',
        store: storeState,
        search: search.available ? 'ok' : 'down',
        ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
      });
    },
  });

  const { token, onApiPort = true } = api.deps.metrics ?? {};
  if (onApiPort) {
    api.add({
      method: 'GET',
      url: '/metrics',
      operationId: 'getMetrics',
      tag: 'ops',
      auth: 'none',
      ...(token === undefined ? {} : { security: [{ metricsBearer: [] }], errors: ['UNAUTHORIZED'] as const }),
      summary:
        'Prometheus metrics: requests, latency, orders by status, OCR frames. Protect it with ONSCREEN_METRICS_TOKEN ' +
        '(then only "Authorization: Bearer <that token>") or serve it on another address with ONSCREEN_METRICS_LISTEN',
      response: { contentType: 'text/plain; version=0.0.4' },
      handler: async ({ request, reply }) => {
        if (token !== undefined && !isMetricsToken(request.headers.authorization, token)) {
          throw new OnscreenError(ErrorCode.UNAUTHORIZED, 'Send "Authorization: Bearer <the metrics token>".');
        }
        return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
      },
    });
  }

  let document: Record<string, unknown> | undefined;
  api.add({
    method: 'GET',
    url: '/v1/openapi.json',
    operationId: 'getOpenApi',
    tag: 'ops',
    auth: 'none',
    summary: 'This document',
    response: { contentType: 'application/json' },
    handler: async () => {
      document ??= buildOpenApiDocument(api.routes);
      return document;
    },
  });
}
