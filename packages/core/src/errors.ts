/** Every error onscreen raises carries one of these codes; the HTTP layer maps them to statuses. */
export const ErrorCode = {
  INVALID_INPUT: 'INVALID_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  // media
  FILE_NOT_FOUND: 'FILE_NOT_FOUND',
  NOT_MEDIA: 'NOT_MEDIA',
  /** A file of a format onscreen refuses by name: a still image, a playlist, a link to a stream, an unread container. */
  UNSUPPORTED_FORMAT: 'UNSUPPORTED_FORMAT',
  AUDIO_ONLY: 'AUDIO_ONLY',
  ZERO_LENGTH: 'ZERO_LENGTH',
  CORRUPT_MEDIA: 'CORRUPT_MEDIA',
  MEDIA_TOO_LONG: 'MEDIA_TOO_LONG',
  MEDIA_TOO_LARGE: 'MEDIA_TOO_LARGE',
  /** ffmpeg/ffprobe needed more memory or CPU time than their OS limits allow (hostile or extreme media). */
  MEDIA_RESOURCE_LIMIT: 'MEDIA_RESOURCE_LIMIT',
  STORAGE_FULL: 'STORAGE_FULL',
  FFMPEG_NOT_FOUND: 'FFMPEG_NOT_FOUND',
  FFMPEG_FAILED: 'FFMPEG_FAILED',
  // ocr
  OCR_LANGUAGE_MISSING: 'OCR_LANGUAGE_MISSING',
  OCR_FAILED: 'OCR_FAILED',
  // search engine
  MEILI_UNAVAILABLE: 'MEILI_UNAVAILABLE',
  MEILI_TASK_FAILED: 'MEILI_TASK_FAILED',
  MEILI_NOT_FOUND: 'MEILI_NOT_FOUND',
  // orders
  REACH_DISABLED: 'REACH_DISABLED',
  SERVICE_NOT_SUPPORTED: 'SERVICE_NOT_SUPPORTED',
  DUPLICATE_ORDER: 'DUPLICATE_ORDER',
  ALREADY_IN_PROGRESS: 'ALREADY_IN_PROGRESS',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  LEASE_LOST: 'LEASE_LOST',
  INSUFFICIENT_CREDIT: 'INSUFFICIENT_CREDIT',
  /** An Idempotency-Key the same user already sent, within its window, with another request body. */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  // generic
  ABORTED: 'ABORTED',
  STORE_FAILED: 'STORE_FAILED',
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Errors about the input itself (the file, the language asked for): another attempt cannot fix them. */
export const INPUT_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.FILE_NOT_FOUND,
  ErrorCode.NOT_MEDIA,
  ErrorCode.UNSUPPORTED_FORMAT,
  ErrorCode.AUDIO_ONLY,
  ErrorCode.ZERO_LENGTH,
  ErrorCode.CORRUPT_MEDIA,
  ErrorCode.MEDIA_TOO_LONG,
  ErrorCode.MEDIA_TOO_LARGE,
  ErrorCode.MEDIA_RESOURCE_LIMIT,
  ErrorCode.OCR_LANGUAGE_MISSING,
]);

export interface OnscreenErrorOptions {
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class OnscreenError extends Error {
  override readonly name = 'OnscreenError';
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: OnscreenErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
}

export function isOnscreenError(error: unknown, code?: ErrorCode): error is OnscreenError {
  return error instanceof OnscreenError && (code === undefined || error.code === code);
}

/** Foreign rejections can be strings or plain objects; give them one shape. */
export function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  if (typeof cause === 'string') return cause;
  try {
    return JSON.stringify(cause);
  } catch {
    return String(cause);
  }
}
