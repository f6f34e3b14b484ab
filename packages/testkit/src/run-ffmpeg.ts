import { ErrorCode, OnscreenError } from '@onscreen/core';
import { runProcess as runChild } from '@onscreen/indexer';

export interface RunProcessOptions {
  signal?: AbortSignal | undefined;
}

/** Runs ffmpeg/ffprobe (argument array, never a shell); resolves with stdout, rejects with the stderr tail. */
export async function runProcess(file: string, args: readonly string[], options: RunProcessOptions = {}): Promise<string> {
  if (options.signal?.aborted === true) {
    throw new OnscreenError(ErrorCode.ABORTED, 'Aborted before ffmpeg started.', { cause: options.signal.reason });
  }
  const result = await runChild(file, args, { signal: options.signal }).catch((error: unknown) => {
    if (options.signal?.aborted === true) throw new OnscreenError(ErrorCode.ABORTED, 'ffmpeg was aborted.', { cause: error });
    throw new OnscreenError(ErrorCode.FFMPEG_FAILED, `Could not run ${file}.`, { cause: error });
  });
  if (result.exitCode === 0) return result.stdout;
  throw new OnscreenError(ErrorCode.FFMPEG_FAILED, `${file} exited with ${result.exitCode ?? result.signal}.`, {
    details: { exitCode: result.exitCode, signal: result.signal, stderrTail: result.stderrTail },
  });
}
