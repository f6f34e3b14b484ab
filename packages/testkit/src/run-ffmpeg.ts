import { spawn } from 'node:child_process';
import { ErrorCode, OnscreenError } from '@onscreen/core';

export interface RunProcessOptions {
  signal?: AbortSignal | undefined;
}

const STDERR_TAIL_CHARS = 4000;

/** Runs ffmpeg/ffprobe (argument array, never a shell); resolves with stdout, rejects with the stderr tail. */
export async function runProcess(file: string, args: readonly string[], options: RunProcessOptions = {}): Promise<string> {
  if (options.signal?.aborted === true) {
    throw new OnscreenError(ErrorCode.ABORTED, 'Aborted before ffmpeg started.', { cause: options.signal.reason });
  }
  const result = await new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null; stdout: string; stderrTail: string }>(
    (resolve, reject) => {
      const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal, killSignal: 'SIGKILL' });
      const stdout: Buffer[] = [];
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
      });
      child.once('error', reject);
      child.once('close', (exitCode, signal) =>
        resolve({ exitCode, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderrTail: stderr.trim() }),
      );
    },
  ).catch((error: unknown) => {
    if (options.signal?.aborted === true) throw new OnscreenError(ErrorCode.ABORTED, 'ffmpeg was aborted.', { cause: error });
    throw new OnscreenError(ErrorCode.FFMPEG_FAILED, `Could not run ${file}.`, { cause: error });
  });
  if (result.exitCode === 0) return result.stdout;
  throw new OnscreenError(ErrorCode.FFMPEG_FAILED, `${file} exited with ${result.exitCode ?? result.signal}.`, {
    details: { exitCode: result.exitCode, signal: result.signal, stderrTail: result.stderrTail },
  });
}
