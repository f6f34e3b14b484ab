import { spawn } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import { type LimitBreach, limitBreach, limitedCommand, type ProcessLimits, prlimitExecError, resolvePrlimit } from './process-limits.js';

export interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderrTail: string;
  /** Which OS limit ended the run, when `limits` were applied and one did. */
  limitBreach: LimitBreach | null;
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

export interface RunProcessOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number;
  maxStdoutBytes?: number;
  /** OS limits, applied through prlimit when it is installed (without it the program runs unlimited). */
  limits?: ProcessLimits | undefined;
  /** How much of the end of stderr is kept. Default 4 000 characters. */
  stderrTailBytes?: number;
  /** Run this much nicer than this process (1–19): background work that must leave the CPU to others first. */
  niceness?: number | undefined;
}

/** Makes a child nicer than this process; a failure (a child already gone) changes nothing else. */
function lowerPriority(pid: number, niceness: number): void {
  try {
    setPriority(pid, Math.min(19, getPriority() + Math.max(0, Math.round(niceness))));
  } catch {
    // the child exited already, or the platform refuses: it runs at our priority
  }
}

/** Runs a program with an argument array (never a shell) and collects its output. */
export function runProcess(file: string, args: readonly string[], options: RunProcessOptions = {}): Promise<ProcessResult> {
  const command = limitedCommand(file, args, options.limits, options.limits === undefined ? undefined : resolvePrlimit());
  return new Promise((resolve, reject) => {
    const child = spawn(command.file, command.args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
      timeout: options.timeoutMs,
      killSignal: 'SIGKILL',
    });
    if (options.niceness !== undefined && child.pid !== undefined) lowerPriority(child.pid, options.niceness);
    const maxStdoutBytes = options.maxStdoutBytes ?? 16 * 1024 * 1024;
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    const stderr = createTail(options.stderrTailBytes);
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes <= maxStdoutBytes) stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('error', reject);
    child.once('close', (exitCode, signal) => {
      const stderrTail = stderr.text();
      const execError = prlimitExecError({ limited: command.limited, exitCode, stderrTail }, file);
      if (execError !== null) return reject(execError);
      // `killed` is set when Node sent the signal (the timeout); any other SIGKILL came from elsewhere
      const breach = limitBreach({ limited: command.limited, killedByUs: child.killed, exitCode, signal, stderrTail });
      resolve({ exitCode, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderrTail, limitBreach: breach });
    });
  });
}
