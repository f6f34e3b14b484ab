import { ErrorCode, INPUT_ERROR_CODES, isOnscreenError } from '@onscreen/core';

/** A mistake in how the command was called: usage text follows, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Codes that mean "your input is the problem" (exit 2) rather than "onscreen failed" (exit 1). */
const INPUT_CODES: ReadonlySet<string> = new Set<string>([...INPUT_ERROR_CODES, ErrorCode.INVALID_INPUT, ErrorCode.NOT_FOUND]);

/** One clear line for stderr (one per bad setting) and the exit code for an error that ended a command. */
export function describeFailure(error: unknown): { line: string; exitCode: number } {
  if (error instanceof UsageError) return { line: `onscreen: ${error.message}`, exitCode: 2 };
  const problems = isOnscreenError(error, 'INVALID_INPUT') ? error.details?.problems : undefined;
  if (Array.isArray(problems)) return { line: problems.map((problem) => `onscreen: ${String(problem)}`).join('\n'), exitCode: 2 };
  if (isOnscreenError(error)) {
    return { line: `onscreen: ${error.message} [${error.code}]`, exitCode: INPUT_CODES.has(error.code) ? 2 : 1 };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { line: `onscreen: unexpected failure: ${message}`, exitCode: 1 };
}
