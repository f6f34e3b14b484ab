import { spawn } from 'node:child_process';
import { ErrorCode, OnscreenError } from '@onscreen/core';

export interface RunProcessOptions {
  signal?: AbortSignal | undefined;
}

const STDERR_TAIL_CHARS = 4000;

/** Run ffmpeg/ffprobe with an argument array (never a shell); resolve with stdout, reject with the stderr tail. */
export function runProcess(file: string, args: readonly string[], options: RunProcessOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted === true) {
      reject(new OnscreenError(ErrorCode.ABORTED, 'Aborted before ffmpeg started.', { cause: options.signal.reason }));
      return;
    }
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal });
    const stdout: Buffer[] = [];
    let stderrTail = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    });
    child.on('error', (error) => {
      if (options.signal?.aborted === true) {
        reject(new OnscreenError(ErrorCode.ABORTED, 'ffmpeg was aborted.', { cause: error }));
      } else {
        reject(new OnscreenError(ErrorCode.FFMPEG_FAILED, `Could not run ${file}.`, { cause: error }));
      }
    });
    child.on('close', (exitCode, signalName) => {
      if (exitCode === 0) {
        resolve(Buffer.concat(stdout).toString('utf8'));
        return;
      }
      if (options.signal?.aborted === true) return; // the 'error' handler has rejected
      reject(
        new OnscreenError(ErrorCode.FFMPEG_FAILED, `${file} exited with ${exitCode ?? signalName}.`, {
          details: { exitCode, signal: signalName, stderrTail },
        }),
      );
    });
  });
}
