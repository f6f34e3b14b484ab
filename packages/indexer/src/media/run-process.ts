import { spawn } from 'node:child_process';

export interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderrTail: string;
}

const STDERR_TAIL_BYTES = 4000;

/** Keeps the last characters of a process's output, ANSI colours removed, for error messages. */
export function createTail(limitChars = STDERR_TAIL_BYTES): { push(chunk: Buffer): void; text(): string } {
  let tail = '';
  return {
    push(chunk) {
      tail = (tail + chunk.toString('utf8')).slice(-limitChars);
    },
    text: () => tail.replace(/\u001b\[[0-9;]*m/g, '').trim(),
  };
}

/** Runs a program with an argument array (never a shell) and collects its output. */
export function runProcess(
  file: string,
  args: readonly string[],
  options: { signal?: AbortSignal | undefined; timeoutMs?: number; maxStdoutBytes?: number } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
      timeout: options.timeoutMs,
      killSignal: 'SIGKILL',
    });
    const maxStdoutBytes = options.maxStdoutBytes ?? 16 * 1024 * 1024;
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    const stderr = createTail();
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes <= maxStdoutBytes) stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('error', reject);
    child.once('close', (exitCode, signal) =>
      resolve({ exitCode, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderrTail: stderr.text() }),
    );
  });
}
