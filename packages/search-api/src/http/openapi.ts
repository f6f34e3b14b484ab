import { z } from 'zod';
import { HttpCode, PROBLEMS } from './problem.js';
import type { RouteSpec } from './route.js';

type JsonSchema = Record<string, unknown>;
const toJson = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

const ProblemJson: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', enum: Object.keys(PROBLEMS) },
  },
};

/** `/v1/entries/:id` → `/v1/entries/{id}` */
const openApiPath = (url: string) => url.replace(/:([A-Za-z]+)/g, '{$1}');

/** Query, path and header parameters from an object schema's JSON form. */
function parametersOf(schema: z.ZodType | undefined, where: 'query' | 'path' | 'header'): JsonSchema[] {
  if (schema === undefined) return [];
  const json = toJson(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

/** Routes the rate limiter leaves alone (app.ts). */
const UNLIMITED = new Set(['/healthz', '/readyz', '/metrics']);

/** The error codes a route can answer: those its kind always can, and those it declares. */
export function errorCodesOf(route: RouteSpec<unknown, unknown, unknown>): (keyof typeof PROBLEMS)[] {
  const codes: (keyof typeof PROBLEMS)[] = [];
  if (route.params || route.query || route.body || route.multipart) codes.push('INVALID_INPUT');
  if (route.body) codes.push('MEDIA_TOO_LARGE');
  if ((route.auth ?? 'user') !== 'none') codes.push('UNAUTHORIZED');
  if (route.auth === 'admin') codes.push('FORBIDDEN');
  if (route.params) codes.push('NOT_FOUND');
  if (!UNLIMITED.has(route.url)) codes.push(HttpCode.RATE_LIMITED);
  for (const code of route.errors ?? []) if (!codes.includes(code)) codes.push(code);
  return codes;
}

/** Error answers by status: each lists its titles and admits exactly its codes. */
function errorResponses(route: RouteSpec<unknown, unknown, unknown>): Record<string, JsonSchema> {
  const byStatus = new Map<number, (keyof typeof PROBLEMS)[]>();
  for (const code of errorCodesOf(route)) {
    const status = PROBLEMS[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, JsonSchema> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: [...new Set(codes.map((code) => PROBLEMS[code].title))].join('; '),
      ...(status === 429 ? { headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds' } } } : {}),
      content: {
        'application/problem+json': {
          schema: { allOf: [{ $ref: '#/components/schemas/Problem' }, { properties: { code: { enum: codes } } }] },
        },
      },
    };
  }
  return responses;
}

function operationOf(route: RouteSpec<unknown, unknown, unknown>): JsonSchema {
  const status = String(route.status ?? 200);
  const response = route.response;
  const content =
    response === undefined
      ? undefined
      : 'contentType' in response
        ? { [response.contentType]: { schema: { type: 'string', format: 'binary' } } }
        : { 'application/json': { schema: toJson(response as z.ZodType, 'output') } };
  const body = route.multipart
    ? {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['file', 'title'],
            properties: Object.fromEntries(
              Object.entries(route.multipart).map(([k, v]) => [
                k,
                v === 'binary' ? { type: 'string', format: 'binary' } : { type: 'string' },
              ]),
            ),
          },
        },
      }
    : route.body
      ? { 'application/json': { schema: toJson(route.body, 'input') } }
      : undefined;
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    ...(route.security ? { security: route.security } : route.auth === 'none' ? { security: [] } : {}),
    parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query'), ...parametersOf(route.headers, 'header')],
    ...(body ? { requestBody: { required: true, content: body } } : {}),
    responses: {
      [status]: { description: 'Success', ...(content ? { content } : {}) },
      ...errorResponses(route),
      default: {
        description: 'A failure of the service or a service it needs (5xx)',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    },
  };
}

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(routes: readonly RouteSpec<unknown, unknown, unknown>[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = openApiPath(route.url);
    paths[path] ??= {};
    (paths[path] as Record<string, JsonSchema>)[route.method.toLowerCase()] = operationOf(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'onscreen API',
      version: '1',
      description:
        'Search the text shown inside videos. Errors are application/problem+json. Every answer carries Content-Security-Policy, ' +
        'X-Content-Type-Options: nosniff and Referrer-Policy: no-referrer. Media and thumbnails take Authorization, or instead the ' +
        '`cap` of the URLs the API hands out (mediaUrl, thumbnailUrl): a capability for that one resource and user, valid for minutes.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        metricsBearer: { type: 'http', scheme: 'bearer', description: 'ONSCREEN_METRICS_TOKEN (not an API token)' },
      },
      schemas: { Problem: ProblemJson },
    },
  };
}
