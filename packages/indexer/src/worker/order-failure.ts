import { describeCause, ErrorCode, isOnscreenError } from '@onscreen/core';

/** Failures that another attempt cannot fix: the media (or the entry) itself is the problem. */
export const PERMANENT_CODES: ReadonlySet<string> = new Set<string>([
  ErrorCode.FILE_NOT_FOUND,
  ErrorCode.NOT_MEDIA,
  ErrorCode.AUDIO_ONLY,
  ErrorCode.ZERO_LENGTH,
  ErrorCode.CORRUPT_MEDIA,
  ErrorCode.MEDIA_TOO_LONG,
  ErrorCode.MEDIA_TOO_LARGE,
  ErrorCode.OCR_LANGUAGE_MISSING,
  ErrorCode.NOT_FOUND,
]);

export interface OrderFailure {
  code: string;
  /** For people reading the order's error details. */
  details: string;
  retryable: boolean;
}

/** How a failed attempt is recorded: permanent media errors end the order, the rest are retried. */
export function classifyFailure(error: unknown): OrderFailure {
  if (isOnscreenError(error)) {
    return { code: error.code, details: error.message, retryable: !PERMANENT_CODES.has(error.code) };
  }
  return { code: ErrorCode.INTERNAL, details: `Unexpected failure: ${describeCause(error)}`, retryable: true };
}
