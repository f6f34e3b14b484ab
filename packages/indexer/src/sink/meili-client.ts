import { ErrorCode, OnscreenError } from '@onscreen/core';
import { MeilisearchApiError, MeilisearchRequestError, Meilisearch } from 'meilisearch';
import { Agent } from 'undici';

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
 * A meilisearch-js client whose requests go through one undici Agent that keeps connections alive,
 * handed to Node's fetch as `requestInit.dispatcher` (the documented, non-deprecated hook; the
 * `httpClient` option is deprecated in 0.62 and would make us re-implement error handling).
 */
export function createMeiliClient(options: MeiliClientOptions): MeiliClient {
  const agent = new Agent({
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
    const status = error.response.status;
    const details = { action, status, meiliCode: error.cause?.code, meiliMessage: error.cause?.message };
    if (status === 401 || status === 403) {
      return new OnscreenError(ErrorCode.MEILI_UNAVAILABLE, `Meilisearch refused the API key (${action}).`, { cause: error, details });
    }
    if (status === 404) {
      return new OnscreenError(ErrorCode.MEILI_NOT_FOUND, `Meilisearch: ${error.message} (${action}).`, { cause: error, details });
    }
    return new OnscreenError(ErrorCode.INTERNAL, `Meilisearch rejected a request (${action}): ${error.message}`, { cause: error, details });
  }
  return new OnscreenError(ErrorCode.MEILI_UNAVAILABLE, `Meilisearch call failed (${action}).`, { cause: error });
}

/** Run one call against Meilisearch, translating its failures. */
export async function meiliCall<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toOnscreenError(error, action);
  }
}
