import type { ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { ErrorCode, OnscreenError } from '@onscreen/core';

export interface WaitForHealthyOptions {
  url: string;
  /** Proves the server that answers is ours (another process may hold a fixed port). */
  masterKey: string;
  child: ChildProcess;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  outputTail: () => string;
  pollIntervalMs?: number;
}

async function answersOk(url: string, headers: Record<string, string> = {}): Promise<boolean> {
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

async function answersHealthy(url: string, masterKey: string): Promise<boolean> {
  return (await answersOk(`${url}/health`)) && (await answersOk(`${url}/version`, { Authorization: `Bearer ${masterKey}` }));
}

/** Poll `/health` until it answers 200; fail early with the output tail when the child exits. */
/** The lines of Meilisearch's output worth a message: its error lines, else the last few lines. */
export function summariseOutput(outputTail: string): string {
  const lines = outputTail
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
  const errors = lines.filter((line) => /\berror\b/i.test(line)).slice(0, 5);
  return (errors.length > 0 ? errors : lines.slice(-8)).join('\n').slice(0, 2_000);
}

export async function waitForHealthy(options: WaitForHealthyOptions): Promise<void> {
  const { child, url } = options;
  const deadline = Date.now() + options.timeoutMs;
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
    exit = { code, signal };
  };
  child.once('exit', onExit);
  try {
    for (;;) {
      if (options.signal?.aborted) {
        throw new OnscreenError(ErrorCode.ABORTED, 'Meilisearch start-up was aborted.', { cause: options.signal.reason });
      }
      if (exit !== undefined || child.exitCode !== null) {
        const outputTail = options.outputTail();
        throw new OnscreenError(
          ErrorCode.MEILI_UNAVAILABLE,
          `Meilisearch exited during start-up (code ${exit?.code ?? child.exitCode}, signal ${exit?.signal ?? child.signalCode}). Its output says:\n${summariseOutput(outputTail)}`,
          { details: { exitCode: exit?.code ?? child.exitCode, signal: exit?.signal ?? null, outputTail } },
        );
      }
      if (await answersHealthy(url, options.masterKey)) return;
      if (Date.now() > deadline) {
        const outputTail = options.outputTail();
        throw new OnscreenError(
          ErrorCode.MEILI_UNAVAILABLE,
          `Meilisearch did not answer ${url}/health within ${options.timeoutMs} ms. Its output says:\n${summariseOutput(outputTail)}`,
          { details: { url, timeoutMs: options.timeoutMs, outputTail } },
        );
      }
      await delay(options.pollIntervalMs ?? 50);
    }
  } finally {
    child.off('exit', onExit);
  }
}
