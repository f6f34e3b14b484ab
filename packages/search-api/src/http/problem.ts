import { ErrorCode, isOnscreenError } from '@onscreen/core';
import type { FastifyBaseLogger, FastifyReply } from 'fastify';

/** Codes the HTTP layer adds to core's: they exist only as answers of this service. */
export const HttpCode = { RATE_LIMITED: 'RATE_LIMITED', ROUTE_NOT_FOUND: 'ROUTE_NOT_FOUND' } as const;
export type ProblemCode = ErrorCode | (typeof HttpCode)[keyof typeof HttpCode];
type Code = ProblemCode;

/** The one table from error code to HTTP status and title. 5xx answers never show the error's message. */
export const PROBLEMS: Readonly<Record<Code, { status: number; title: string }>> = {
  INVALID_INPUT: { status: 400, title: 'Invalid request' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  UNAUTHORIZED: { status: 401, title: 'Unauthorized' },
  FORBIDDEN: { status: 403, title: 'Forbidden' },
  CONFLICT: { status: 409, title: 'Conflict' },
  FILE_NOT_FOUND: { status: 404, title: 'Media file not found' },
  NOT_MEDIA: { status: 415, title: 'Not a video file' },
  UNSUPPORTED_FORMAT: { status: 415, title: 'Unsupported format' },
  AUDIO_ONLY: { status: 422, title: 'The file has no video stream' },
  ZERO_LENGTH: { status: 422, title: 'The video has no length' },
  CORRUPT_MEDIA: { status: 422, title: 'The video is corrupt' },
  MEDIA_TOO_LONG: { status: 422, title: 'The video is too long' },
  MEDIA_TOO_LARGE: { status: 413, title: 'The file is too large' },
  MEDIA_RESOURCE_LIMIT: { status: 422, title: 'The video needs more memory or CPU time than allowed' },
  STORAGE_FULL: { status: 507, title: 'Insufficient storage' },
  FFMPEG_NOT_FOUND: { status: 503, title: 'Media tools unavailable' },
  FFMPEG_FAILED: { status: 500, title: 'Media processing failed' },
  OCR_LANGUAGE_MISSING: { status: 422, title: 'OCR language not installed' },
  OCR_FAILED: { status: 500, title: 'OCR failed' },
  MEILI_UNAVAILABLE: { status: 503, title: 'Search engine unavailable' },
  MEILI_TASK_FAILED: { status: 502, title: 'Search engine task failed' },
  MEILI_NOT_FOUND: { status: 503, title: 'Search index unavailable' },
  REACH_DISABLED: { status: 403, title: 'REACH disabled' },
  SERVICE_NOT_SUPPORTED: { status: 422, title: 'Service not supported' },
  DUPLICATE_ORDER: { status: 409, title: 'Duplicate order' },
  ALREADY_IN_PROGRESS: { status: 409, title: 'Already in progress' },
  INVALID_TRANSITION: { status: 409, title: 'Invalid order transition' },
  LEASE_LOST: { status: 409, title: 'Lease lost' },
  INSUFFICIENT_CREDIT: { status: 402, title: 'Insufficient credit' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'Idempotency key reused' },
  ABORTED: { status: 503, title: 'Aborted' },
  STORE_FAILED: { status: 503, title: 'Store unavailable' },
  INTERNAL: { status: 500, title: 'Internal Server Error' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  ROUTE_NOT_FOUND: { status: 404, title: 'Not found' },
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  details?: Record<string, unknown>;
}

export function problemOf(code: Code, detail: string, details?: Record<string, unknown>): Problem {
  const { status, title } = PROBLEMS[code];
  const shown = status >= 500 ? `${title}. Try again later.` : detail;
  return { type: `urn:onscreen:problem:${code}`, title, status, detail: shown, code, ...(status < 500 && details ? { details } : {}) };
}

/** Fastify's own client errors (bad JSON, body too large, wrong content type) keep their status. */
function frameworkProblem(error: { statusCode?: number; message?: string; code?: string }): Problem | undefined {
  const status = error.statusCode;
  if (status === undefined || status < 400 || status >= 500) return undefined;
  if (status === 429) return problemOf(HttpCode.RATE_LIMITED, error.message ?? 'Too many requests.');
  const code = status === 413 ? ErrorCode.MEDIA_TOO_LARGE : ErrorCode.INVALID_INPUT;
  return {
    ...problemOf(code, error.message ?? 'Invalid request.'),
    status,
    title: status === 413 ? 'Payload too large' : 'Invalid request',
  };
}

/** Every error leaves the service through here: known codes by the table, anything else as an opaque 500. */
export function toProblem(error: unknown, log: FastifyBaseLogger): Problem {
  if (isOnscreenError(error)) {
    const problem = problemOf(error.code, error.message, error.details);
    if (problem.status >= 500) log.error({ err: error }, 'request failed');
    return problem;
  }
  const framework = frameworkProblem(error as { statusCode?: number });
  if (framework) return framework;
  log.error({ err: error }, 'unexpected error');
  return problemOf(ErrorCode.INTERNAL, '');
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json').send(problem);
}
