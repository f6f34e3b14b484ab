import { tmpdir } from 'node:os';
import type { LightMyRequestResponse } from 'fastify';

/** What an answer to hostile input must never contain: stack frames or paths of this machine. */
const STACK_FRAME = /\n\s+at |\bat [\w.<>]+ \(|node:internal|\.ts:\d+:\d+|\.js:\d+:\d+/;

/** `sent`: the request as text; what the client sent itself may be echoed back (e.g. a path in a 404). */
export function leakedInternals(body: string, dataDir: string, sent = ''): string | undefined {
  const frame = STACK_FRAME.exec(body);
  if (frame && !sent.includes(frame[0].trim())) return `stack frame ${frame[0]}`;
  for (const path of [dataDir, tmpdir(), process.cwd(), 'node_modules', '/media/ent_']) {
    if (body.includes(path) && !sent.includes(path)) return `path ${path}`;
  }
  return undefined;
}

/**
 * Why an error answer is not a clean problem: status ≥ 500, not problem+json, no `code`, status in the
 * body different from the answer's, or internals shown. undefined when it is clean.
 */
export function problemFault(res: LightMyRequestResponse, dataDir: string, sent = ''): string | undefined {
  if (res.statusCode >= 500) return `status ${res.statusCode}`;
  const leak = leakedInternals(res.body, dataDir, sent);
  if (leak) return leak;
  if (res.statusCode < 400) return undefined;
  if (!String(res.headers['content-type'] ?? '').startsWith('application/problem+json'))
    return `content-type ${res.headers['content-type']}`;
  let body: { code?: unknown; status?: unknown };
  try {
    body = JSON.parse(res.body);
  } catch {
    return 'body is not JSON';
  }
  if (typeof body.code !== 'string' || body.code.length === 0) return 'no code';
  if (body.status !== res.statusCode) return `status ${String(body.status)} in the body`;
  return undefined;
}

export const codeOf = (res: LightMyRequestResponse): string => {
  try {
    return String(JSON.parse(res.body).code ?? `HTTP_${res.statusCode}`);
  } catch {
    return `HTTP_${res.statusCode}`;
  }
};

/** Rejects when a promise takes longer than `ms`: a hang fails the test instead of stalling it. */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Counts by key, sorted by key, for the figures in docs/reliability/hostile-input.md. */
export function histogram(keys: Iterable<string>): Record<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
