import { existsSync } from 'node:fs';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { ErrorCode, OnscreenError } from '@onscreen/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { createCapabilities, newCapabilityKey } from './capabilities.js';
import { addBodyTimeout, capConnections, connectionOptions } from './connection-limits.js';
import { DEFAULT_HTTP_LIMITS, type HttpDeps, type ResolvedHttpDeps } from './deps.js';
import { createHttpMetrics, type HttpMetrics } from './metrics.js';
import { HttpCode, problemOf, sendProblem, toProblem } from './problem.js';
import { registerRateLimits } from './rate-limits.js';
import { createApi } from './route.js';
import { createThumbnailQueue } from './thumbnail-queue.js';
import { addSecurityHeaders } from './security-headers.js';
import { accountRoutes } from './routes/account.js';
import { entryContentRoutes } from './routes/entry-content.js';
import { entryRoutes } from './routes/entries.js';
import { meRoutes } from './routes/me.js';
import { opsRoutes } from './routes/ops.js';
import { orderRoutes } from './routes/orders.js';
import { searchRoutes } from './routes/search.js';
import { tokenRoutes } from './routes/tokens.js';

export interface HttpApp {
  readonly app: FastifyInstance;
  readonly metrics: HttpMetrics;
}

const pathOf = (url: string) => url.split('?', 1)[0] ?? url;

/** The onscreen HTTP API as a Fastify instance (not listening: call `app.listen` or `app.inject`). */
export async function createHttpApp(input: HttpDeps): Promise<HttpApp> {
  const limits = { ...DEFAULT_HTTP_LIMITS, ...input.limits };
  const deps: ResolvedHttpDeps = {
    ...input,
    limits,
    capabilities: createCapabilities({ key: input.capabilityKey ?? newCapabilityKey(), ttlSeconds: input.capabilityTtlSeconds }),
    thumbnailQueue: createThumbnailQueue({
      concurrency: limits.thumbnailConcurrency,
      perUser: limits.thumbnailQueuePerUser,
      total: limits.thumbnailQueueTotal,
      maxWaitMs: limits.thumbnailMaxWaitMs,
    }),
  };
  const logger =
    deps.logger === undefined || deps.logger === false
      ? false
      : {
          ...(typeof deps.logger === 'object' ? deps.logger : {}),
          serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, path: pathOf(req.url) }) },
        };
  const app = Fastify({
    logger,
    bodyLimit: deps.limits.bodyBytes,
    ...connectionOptions(deps.limits),
    routerOptions: { maxParamLength: 200 },
    // the router's own refusals (a path parameter over maxParamLength, a malformed URL) answer problem+json too
    frameworkErrors: (error, request, reply) => {
      sendProblem(reply, toProblem(error, request.log));
    },
  });
  const metrics = createHttpMetrics(deps.store);
  app.addHook('onClose', async () => deps.thumbnailQueue.close());
  app.decorateRequest('principal', null);
  addSecurityHeaders(app);
  capConnections(app.server, deps.limits);
  addBodyTimeout(app, deps.limits.bodyTimeoutMs);

  app.setErrorHandler((error, request, reply) => sendProblem(reply, toProblem(error, request.log)));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problemOf(HttpCode.ROUTE_NOT_FOUND, `Nothing at ${request.method} ${pathOf(request.url)}.`)),
  );
  app.addHook('onRequest', async (request) => {
    if (request.url.length > deps.limits.urlLength) {
      throw new OnscreenError(ErrorCode.INVALID_INPUT, `The URL is longer than ${deps.limits.urlLength} characters.`);
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });

  await registerRateLimits(app, deps.limits);
  await app.register(fastifyMultipart, { limits: { fileSize: deps.limits.uploadBytes, files: 1 } });
  const web = deps.webDistDir !== undefined && existsSync(deps.webDistDir) ? deps.webDistDir : undefined;
  // The web page is a later issue: its build is served at / when present; sendFile serves media either way.
  await app.register(
    fastifyStatic,
    web ? { root: web, prefix: '/', index: 'index.html', wildcard: true } : { root: deps.dataDir, serve: false },
  );

  const api = createApi(app, deps);
  opsRoutes(api, metrics);
  entryRoutes(api);
  entryContentRoutes(api);
  orderRoutes(api);
  accountRoutes(api);
  meRoutes(api);
  tokenRoutes(api);
  searchRoutes(api);
  await app.ready();
  return { app, metrics };
}
