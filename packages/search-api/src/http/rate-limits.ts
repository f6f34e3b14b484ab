import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accountLimitKey, rateLimitKey } from './auth.js';
import type { HttpLimits } from './deps.js';

const UNLIMITED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);
const WINDOW_MS = 60_000;
const pathOf = (url: string) => url.split('?', 1)[0] ?? url;

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/** Counts the request against one limit; a 429 (answered as RATE_LIMITED) with Retry-After when it is used up. */
async function charge(limiter: Limiter, request: FastifyRequest, reply: FastifyReply, whose: string): Promise<void> {
  const state = await limiter(request);
  if (state.isAllowed || !state.isExceeded) return;
  reply.header('retry-after', String(state.ttlInSeconds));
  const message = `${whose} rate limit of ${state.max} requests per minute reached; retry in ${state.ttlInSeconds} s.`;
  throw Object.assign(new Error(message), { statusCode: 429 });
}

/**
 * Two limits, both keyed on who a request is verified to be (`request.principal`, which each route's
 * onRequest hook sets before this preParsing hook runs): per user — or per client address for requests
 * no token verifies — and then per account, so that neither minting tokens nor minting users adds
 * allowance. A request refused by its user's limit does not count against the account's, so one user
 * cannot use up the allowance of the others.
 */
export async function registerRateLimits(app: FastifyInstance, limits: HttpLimits): Promise<void> {
  await app.register(fastifyRateLimit, { global: false, timeWindow: WINDOW_MS });
  const perPrincipal = app.createRateLimit({ max: limits.requestsPerMinute, timeWindow: WINDOW_MS, keyGenerator: rateLimitKey });
  const perAccount = app.createRateLimit({
    max: limits.accountRequestsPerMinute,
    timeWindow: WINDOW_MS,
    keyGenerator: (request) => accountLimitKey(request) ?? '',
  });
  app.addHook('preParsing', async (request, reply, payload) => {
    if (UNLIMITED_PATHS.has(pathOf(request.url))) return payload;
    await charge(perPrincipal, request, reply, request.principal ? 'Your' : "This address's");
    if (accountLimitKey(request) !== undefined) await charge(perAccount, request, reply, "The account's");
    return payload;
  });
}
