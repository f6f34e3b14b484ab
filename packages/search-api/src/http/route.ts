import { ErrorCode, OnscreenError, type User } from '@onscreen/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type AuthLevel, type Principal, principalOfCapability, principalOfToken, requirePrincipal } from './auth.js';
import type { ResolvedHttpDeps } from './deps.js';
import type { ProblemCode } from './problem.js';

export interface RouteContext<B, Q, P> {
  user: User;
  /** When the token that authorised this request expires (ISO 8601); null: never, or a public route. */
  tokenExpiresAt: string | null;
  /** The id of the token that authorised this request; null on a public route. */
  tokenId: string | null;
  body: B;
  query: Q;
  params: P;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** One API route: its schemas validate the request and describe it in the OpenAPI document. */
export interface RouteSpec<B = unknown, Q = unknown, P = unknown> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Fastify syntax: `/v1/entries/:id`. */
  url: string;
  /** The OpenAPI operationId, unique in the API: what generated clients name the call (`createOrders`). */
  operationId: string;
  summary: string;
  tag: string;
  /** Default 'user'; 'none' for public routes. */
  auth?: AuthLevel | 'none';
  /**
   * The resource a capability (`?cap=`, for <img>/<video> sources, which cannot send headers) must be
   * issued for to authorise this request instead of a bearer token; routes without it take tokens only.
   */
  capability?: (params: P, query: Q) => string;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** The success answer: a zod schema (JSON), or a content type for anything else. */
  response?: z.ZodType | { contentType: string };
  /** Default 200. */
  status?: number;
  /** Multipart upload fields, for the document only (the handler reads the stream). */
  multipart?: Record<string, 'string' | 'binary'>;
  /** Request headers the route reads, for the document only (the handler reads and checks them). */
  headers?: z.ZodObject;
  /**
   * Error codes this route answers beyond those every route of its kind can (invalid input, no or a bad
   * token, not admin, not found, rate limited: derived from auth and schemas); for the OpenAPI document.
   */
  errors?: readonly ProblemCode[];
  /** The document's security requirement when it is not the API's bearer token (a public route: `auth: 'none'`). */
  security?: Array<Record<string, string[]>>;
  handler(ctx: RouteContext<B, Q, P>): Promise<unknown>;
}

export interface Api {
  readonly deps: ResolvedHttpDeps;
  readonly routes: RouteSpec<unknown, unknown, unknown>[];
  add<B, Q, P>(spec: RouteSpec<B, Q, P>): void;
}

/** Parses one part of a request; failures become INVALID_INPUT with zod's issues as details. */
export function parsePart<T>(schema: z.ZodType<T> | undefined, value: unknown, part: string): T {
  if (schema === undefined) return undefined as T;
  const parsed = schema.safeParse(value ?? (part === 'body' ? undefined : {}));
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const where = first && first.path.length > 0 ? `${part}.${first.path.join('.')}` : part;
  throw new OnscreenError(ErrorCode.INVALID_INPUT, `Invalid ${where}: ${first?.message ?? 'invalid value'}.`, {
    details: { issues: parsed.error.issues.map((i) => ({ path: [part, ...i.path].join('.'), message: i.message })) },
  });
}

export function createApi(app: FastifyInstance, deps: ResolvedHttpDeps): Api {
  const routes: RouteSpec<unknown, unknown, unknown>[] = [];

  /** Who the request acts as, verified before the rate limiter (which keys on it) and the handler run. */
  async function principalOf(spec: RouteSpec<unknown, unknown, unknown>, request: FastifyRequest): Promise<Principal | null> {
    if ((spec.auth ?? 'user') === 'none') return null;
    const cap = (request.query as Record<string, unknown> | undefined)?.cap;
    if (request.headers.authorization !== undefined || spec.capability === undefined || typeof cap !== 'string') {
      return principalOfToken(deps.store, request);
    }
    const params = spec.params?.safeParse(request.params ?? {});
    const query = spec.query?.safeParse(request.query ?? {});
    if (params?.success === false || query?.success === false) return null;
    const resource = spec.capability(params?.data, query?.data);
    return principalOfCapability(deps.store, deps.capabilities, resource, cap);
  }

  return {
    deps,
    routes,
    add(spec) {
      if (routes.some((route) => route.operationId === spec.operationId)) {
        throw new Error(`Two routes share the operationId "${spec.operationId}" (${spec.method} ${spec.url}).`);
      }
      const route = spec as RouteSpec<unknown, unknown, unknown>;
      routes.push(route);
      app.route({
        method: spec.method,
        url: spec.url,
        onRequest: async (request) => {
          request.principal = await principalOf(route, request);
        },
        handler: async (request, reply) => {
          const auth = spec.auth ?? 'user';
          const {
            user,
            tokenId,
            expiresAt: tokenExpiresAt,
          } = auth === 'none' ? { user: undefined as unknown as User, tokenId: null, expiresAt: null } : requirePrincipal(request, auth);
          const params = parsePart(spec.params, request.params, 'params');
          const query = parsePart(spec.query, request.query, 'query');
          const body = parsePart(spec.body, request.body, 'body');
          const result = await spec.handler({ user, tokenExpiresAt, tokenId, body, query, params, request, reply });
          if (reply.sent) return reply;
          reply.code(spec.status ?? 200);
          return result;
        },
      });
    },
  };
}
