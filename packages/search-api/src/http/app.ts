import { existsSync } from 'node:fs';
import fastifyCors from '@fastify/cors';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { ErrorCode, OnscreenError } from '@onscreen/core';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyReply, type FastifyRequest } from 'fastify';
import { createSearchDispatcher } from '@onscreen/worker';
import { removeEntryFiles } from './media-files.js';
import { createCapabilities, newCapabilityKey } from './capabilities.js';
import { addBodyTimeout, capConnections, connectionOptions } from './connection-limits.js';
import { DEFAULT_HTTP_LIMITS, type HttpDeps, type ResolvedHttpDeps } from './deps.js';
import { createHttpMetrics, type HttpMetrics } from './metrics.js';
import { HttpCode, problemOf, sendProblem, toProblem } from './problem.js';
import { registerRateLimits } from './rate-limits.js';
import { createApi } from './route.js';
import { addSecurityHeaders } from './security-headers.js';
import { createThumbnailQueue } from './thumbnail-queue.js';
import { accountRoutes } from './routes/account.js';
import { channelRoutes } from './routes/channels.js';
import { galleryRoutes } from './routes/galleries.js';
import { ruleRoutes } from './routes/rules.js';
import { entryContentRoutes } from './routes/entry-content.js';
import { entryRoutes } from './routes/entries.js';
import { meRoutes } from './routes/me.js';
import { opsRoutes } from './routes/ops.js';
import { orderRoutes } from './routes/orders.js';
import { searchRoutes } from './routes/search.js';
import { analyticsRoutes } from './routes/analytics.js';
import { playlistRoutes } from './routes/playlists.js';
import { tokenRoutes } from './routes/tokens.js';
import { workerMediaRoutes } from './routes/worker-media.js';

export interface HttpApp {
  readonly app: FastifyInstance;
  readonly metrics: HttpMetrics;
}

const pathOf = (url: string) => url.split('?', 1)[0] ?? url;

/** Options of the onscreen Fastify plugin: what the service is built from, and who may call it from a browser. */
export interface OnscreenPluginOptions extends HttpDeps {
  /** Where request metrics go; default: a new registry (served at /metrics). */
  httpMetrics?: HttpMetrics;
  /**
   * Browser origins allowed to call the API (CORS): `'*'` for any, or a list such as
   * `['https://intranet.example']`. Default: none (same-origin only; the bundled page needs nothing).
   */
  corsOrigins?: readonly string[] | '*' | undefined;
}

/**
 * The onscreen HTTP API as a Fastify plugin: `app.register(onscreen, { store, index, meili, dataDir,
 * ffmpegPath, ffprobePath })` mounts every route (with `prefix` too) in its own encapsulated context —
 * its error handler, rate limit, multipart parser, CORS and hooks apply to its routes only. The host
 * app's own options (logger, body limit for other routes, router) stay the host's.
 */
export const onscreen: FastifyPluginAsync<OnscreenPluginOptions> = async (app, input) => {
  const limits = { ...DEFAULT_HTTP_LIMITS, ...input.limits };
  const ownDispatcher = input.dispatcher === undefined;
  const dispatcher =
    input.dispatcher ??
    createSearchDispatcher({
      store: input.store,
      index: input.index,
      onEntryGone: (change) => removeEntryFiles(input.dataDir, { id: change.entryId, filePath: change.filePath }),
    });
  if (ownDispatcher) {
    dispatcher.start();
    app.addHook('onClose', async () => dispatcher.close());
  }
  const deps: ResolvedHttpDeps = {
    ...input,
    dispatcher,
    limits,
    capabilities: createCapabilities({ key: input.capabilityKey ?? newCapabilityKey(), ttlSeconds: input.capabilityTtlSeconds }),
    thumbnailQueue: createThumbnailQueue({
      concurrency: limits.thumbnailConcurrency,
      perUser: limits.thumbnailQueuePerUser,
      total: limits.thumbnailQueueTotal,
      maxWaitMs: limits.thumbnailMaxWaitMs,
    }),
  };
  const metrics = input.httpMetrics ?? createHttpMetrics(deps.store, input.gauges);
  app.addHook('onClose', async () => deps.thumbnailQueue.close());
  app.decorateRequest('principal', null);
  addSecurityHeaders(app);
  addBodyTimeout(app, limits.bodyTimeoutMs);

  app.setErrorHandler((error, request, reply) => sendProblem(reply, toProblem(error, request.log)));
  app.addHook('onRequest', async (request) => {
    if (request.url.length > deps.limits.urlLength) {
      throw new OnscreenError(ErrorCode.INVALID_INPUT, `The URL is longer than ${deps.limits.urlLength} characters.`);
    }
  });
  // Every request is counted once: by onResponse when its answer finished, else when its connection
  // closes. A response the client cut short (ffmpeg closing a range request of a remote worker once it has
  // what it needs) never finishes, and Fastify then runs no onResponse; a client may even go before the
  // handler answers. The close listener is set on arrival, so no path escapes it.
  const observed = new WeakSet<object>();
  const observe = (request: FastifyRequest, reply: FastifyReply) => {
    if (observed.has(request)) return;
    observed.add(request);
    metrics.observeRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  };
  app.addHook('onRequest', async (request, reply) => {
    reply.raw.once('close', () => setImmediate(() => observe(request, reply)));
  });
  app.addHook('onResponse', async (request, reply) => observe(request, reply));

  if (input.corsOrigins !== undefined && input.corsOrigins.length > 0) {
    await app.register(fastifyCors, {
      origin: input.corsOrigins === '*' ? true : [...input.corsOrigins],
      methods: ['GET', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key'],
      maxAge: 600,
    });
  }
  await registerRateLimits(app, deps.limits);
  await app.register(fastifyMultipart, { limits: { fileSize: deps.limits.uploadBytes, files: 1 } });
  const web = deps.webDistDir !== undefined && existsSync(deps.webDistDir) ? deps.webDistDir : undefined;
  // the built web page is served at / when present; sendFile serves media either way
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
  ruleRoutes(api);
  galleryRoutes(api);
  channelRoutes(api);
  meRoutes(api);
  tokenRoutes(api);
  searchRoutes(api);
  playlistRoutes(api);
  analyticsRoutes(api);
  if (deps.workerToken !== undefined) workerMediaRoutes(api, deps.workerToken);
};

/** The onscreen HTTP API as a Fastify instance of its own (not listening: call `app.listen` or `app.inject`). */
export async function createHttpApp(input: OnscreenPluginOptions): Promise<HttpApp> {
  const limits = { ...DEFAULT_HTTP_LIMITS, ...input.limits };
  const logger =
    input.logger === undefined || input.logger === false
      ? false
      : {
          ...(typeof input.logger === 'object' ? input.logger : {}),
          serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, path: pathOf(req.url) }) },
        };
  const app = Fastify({
    logger,
    bodyLimit: limits.bodyBytes,
    ...connectionOptions(limits),
    routerOptions: { maxParamLength: 200 },
    // the router's own refusals (a path parameter over maxParamLength, a malformed URL) answer problem+json too
    frameworkErrors: (error, request, reply) => {
      sendProblem(reply, toProblem(error, request.log));
    },
  });
  const metrics = input.httpMetrics ?? createHttpMetrics(input.store, input.gauges);
  // 404s and the router's own refusals carry the security headers too; connections are capped per address
  addSecurityHeaders(app);
  capConnections(app.server, limits);
  // errors outside the plugin's routes (a body that cannot be parsed for an unknown route) answer problem+json too
  app.setErrorHandler((error, request, reply) => sendProblem(reply, toProblem(error, request.log)));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problemOf(HttpCode.ROUTE_NOT_FOUND, `Nothing at ${request.method} ${pathOf(request.url)}.`)),
  );
  await app.register(onscreen, { ...input, httpMetrics: metrics });
  await app.ready();
  return { app, metrics };
}
