import { ErrorCode, OnscreenError } from '@onscreen/core';
import { MeilisearchApiError, MeilisearchRequestError, Meilisearch, type MultiSearchQuery, type MultiSearchResponse } from 'meilisearch';
import { createRequire } from 'node:module';
import type { Dispatcher } from 'undici';

export interface MeiliClientOptions {
  /** e.g. `http://127.0.0.1:7700` */
  url: string;
  /** Master key or an API key with the actions the caller needs. */
  apiKey?: string;
  /** Per HTTP request. Default 10 000 ms. */
  requestTimeoutMs?: number;
  /** How long an idle connection is kept for reuse. Default 30 000 ms (Meilisearch keeps them open longer). */
  keepAliveTimeoutMs?: number;
  /** Most connections to the server at once. Default 16. */
  maxConnections?: number;
  /** Default time `waitTask` polls before it gives up. Default 120 000 ms. */
  taskTimeoutMs?: number;
}

export interface MeiliClient {
  readonly client: Meilisearch;
  /** TCP connections opened so far (sequential requests over keep-alive open one). */
  readonly connectionsOpened: number;
  /** Closes the pooled keep-alive connections. Idempotent. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * undici, loaded the first time a client is made: it is a fifth of a second of start-up that
 * commands which never talk to Meilisearch (`onscreen extract`) do not pay.
 */
let undici: typeof import('undici') | undefined;
const loadUndici = (): typeof import('undici') => {
  undici ??= createRequire(import.meta.url)('undici') as typeof import('undici');
  return undici;
};

/**
 * A meilisearch-js client whose requests go through one undici Agent that keeps connections alive,
 * handed to Node's fetch as `requestInit.dispatcher` (the documented, non-deprecated hook; the
 * `httpClient` option is deprecated in 0.62 and would make us re-implement error handling).
 */
export function createMeiliClient(options: MeiliClientOptions): MeiliClient {
  const agent = new (loadUndici().Agent)({
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    keepAliveMaxTimeout: Math.max(options.keepAliveTimeoutMs ?? 30_000, 60_000),
    connections: options.maxConnections ?? 16,
  });
  let connectionsOpened = 0;
  agent.on('connect', () => {
    connectionsOpened += 1;
  });
  const client = new Meilisearch({
    host: options.url,
    apiKey: options.apiKey,
    timeout: options.requestTimeoutMs ?? 10_000,
    // undici's RequestInit and the DOM one differ only in types; at run time Node's fetch takes it.
    // identity: a compressed answer comes in pieces, and the last small piece waits out a delayed ACK
    // (~40 ms per search measured here); uncompressed answers arrive at once over loopback or a LAN
    requestInit: { dispatcher: agent, headers: { 'accept-encoding': 'identity' } } as unknown as RequestInit,
    defaultWaitOptions: { timeout: options.taskTimeoutMs ?? 120_000, interval: 10 },
  });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= agent.close();
    return closing;
  };
  return {
    client,
    get connectionsOpened() {
      return connectionsOpened;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Meilisearch's error code (e.g. `index_not_found`) when the server answered with an error. */
export function meiliErrorCode(error: unknown): string | undefined {
  return error instanceof MeilisearchApiError ? error.cause?.code : undefined;
}

/**
 * Wrap a foreign failure once, at the boundary: unreachable server or rejected key → MEILI_UNAVAILABLE,
 * a missing index or document → MEILI_NOT_FOUND, anything else the server refused → INTERNAL (a bug here).
 */
export function toOnscreenError(error: unknown, action: string): OnscreenError {
  if (error instanceof OnscreenError) return error;
  if (error instanceof MeilisearchRequestError) {
    return new OnscreenError(ErrorCode.MEILI_UNAVAILABLE, `Meilisearch is unreachable (${action}): ${error.message}.`, { cause: error });
  }
  if (error instanceof MeilisearchApiError) {
    return fromMeiliAnswer(error.response.status, { code: error.cause?.code, message: error.message }, action, error);
  }
  return new OnscreenError(ErrorCode.MEILI_UNAVAILABLE, `Meilisearch call failed (${action}).`, { cause: error });
}

/** An error answer of Meilisearch (status + its `{ code, message }` body) as our error. */
function fromMeiliAnswer(status: number, body: { code?: string; message?: string }, action: string, cause?: unknown): OnscreenError {
  const message = body.message ?? `HTTP ${status}`;
  const details = { action, status, meiliCode: body.code, meiliMessage: body.message };
  if (status === 401 || status === 403) {
    return new OnscreenError(ErrorCode.MEILI_UNAVAILABLE, `Meilisearch refused the API key (${action}).`, { cause, details });
  }
  // A multi-search names a missing index with 400 and this code, a single call with 404.
  if (status === 404 || body.code === 'index_not_found')
    return new OnscreenError(ErrorCode.MEILI_NOT_FOUND, `Meilisearch: ${message} (${action}).`, { cause, details });
  // 503 and the like: the server is there but cannot serve (starting, overloaded).
  if (status >= 500)
    return new OnscreenError(ErrorCode.MEILI_UNAVAILABLE, `Meilisearch failed (${action}): ${message}`, { cause, details });
  return new OnscreenError(ErrorCode.INTERNAL, `Meilisearch rejected a request (${action}): ${message}`, { cause, details });
}

/**
 * `POST /multi-search` straight through undici's `request`, on the client's own keep-alive agent:
 * the search path's transport. meilisearch-js goes through `fetch`, whose web streams and request
 * objects cost ~0.5 ms of CPU per search here (3× this path) — a fifth of a search's whole CPU
 * budget on 2 cores. Failures are translated as `meiliCall` does.
 */
export async function meiliMultiSearch(client: Meilisearch, queries: MultiSearchQuery[], action: string): Promise<MultiSearchResponse> {
  const { host, apiKey, timeout, requestInit } = client.config;
  const dispatcher = (requestInit as { dispatcher?: Dispatcher } | undefined)?.dispatcher;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'accept-encoding': 'identity' };
  if (apiKey !== undefined) headers.authorization = `Bearer ${apiKey}`;
  let answer: Dispatcher.ResponseData;
  let text: string;
  try {
    answer = await loadUndici().request(new URL('multi-search', host.endsWith('/') ? host : `${host}/`), {
      method: 'POST',
      headers,
      body: JSON.stringify({ queries }),
      ...(dispatcher === undefined ? {} : { dispatcher }),
      ...(timeout === undefined ? {} : { headersTimeout: timeout, bodyTimeout: timeout }),
    });
    text = await answer.body.text();
  } catch (error) {
    throw new OnscreenError(ErrorCode.MEILI_UNAVAILABLE, `Meilisearch is unreachable (${action}): ${(error as Error).message}.`, {
      cause: error,
    });
  }
  if (answer.statusCode >= 400) {
    let body: { code?: string; message?: string } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // not JSON: a proxy's page; the status says enough
    }
    throw fromMeiliAnswer(answer.statusCode, body, action);
  }
  return JSON.parse(text) as MultiSearchResponse;
}

/** Run one call against Meilisearch, translating its failures. */
export async function meiliCall<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toOnscreenError(error, action);
  }
}
