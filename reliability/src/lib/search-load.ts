import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Agent, request } from 'undici';
import { percentile, round1 } from './harness.js';

export interface LoadUser {
  token: string;
}

export interface LoadResult {
  /** 1-minute load average of the machine at the end of the phase (shared machine: context). */
  loadavg1m: number;
  requests: number;
  errors: number;
  errorKinds: Record<string, number>;
  throughputPerS: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** CPU time per search of each watched process (`cpuOf`), from /proc: where the 2 cores went. */
  cpuMsPerSearch?: Record<string, number>;
}

/** User + system CPU time of a process so far, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * `searchers` concurrent loops, each sending GET /v1/search one after another for `durationMs`;
 * every loop stops at the deadline or after `maxRequestsPerSearcher`. Requests go through undici's
 * `request` on one keep-alive connection per searcher: the generator shares the cores with what it
 * measures, and Node's `fetch` cost it ~3× the CPU per request.
 */
export async function runSearchLoad(options: {
  baseUrl: string;
  users: readonly LoadUser[];
  /** Instead of HTTP: one search as `user`; resolves with an error kind, or null on success. */
  direct?: (userIndex: number, q: string, page: number) => Promise<string | null>;
  queries: readonly string[];
  /** Appended to every request's query string, e.g. `&moments=10`. */
  extraQuery?: string;
  searchers: number;
  durationMs: number;
  maxRequestsPerSearcher?: number;
  /** Processes whose CPU time to report per search, by name (e.g. meili, service, loadGenerator). */
  cpuOf?: Record<string, number>;
}): Promise<LoadResult> {
  const cpuBefore = Object.entries(options.cpuOf ?? {}).map(([name, pid]) => [name, pid, cpuMsOf(pid)] as const);
  const latenciesMs: number[] = [];
  const errorKinds: Record<string, number> = {};
  const deadline = performance.now() + options.durationMs;
  const cap = options.maxRequestsPerSearcher ?? 1_000_000;
  const agent = new Agent({ connections: options.searchers, keepAliveTimeout: 30_000 });
  const startedMs = performance.now();
  const searcher = async (n: number) => {
    for (let i = 0; i < cap && performance.now() < deadline; i += 1) {
      const userIndex = (n + i) % options.users.length;
      const user = options.users[userIndex] as LoadUser;
      const q = options.queries[(n * 7919 + i * 104_729) % options.queries.length] as string;
      const page = i % 10 === 9 ? '&page=2' : '';
      const t0 = performance.now();
      if (options.direct !== undefined) {
        const kind = await options.direct(userIndex, q, page === '' ? 1 : 2).catch((error: Error) => `direct ${error.message}`);
        latenciesMs.push(performance.now() - t0);
        if (kind !== null) errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
        continue;
      }
      try {
        const res = await request(`${options.baseUrl}/v1/search?q=${encodeURIComponent(q)}${page}${options.extraQuery ?? ''}`, {
          dispatcher: agent,
          headers: { authorization: `Bearer ${user.token}` },
        });
        await res.body.arrayBuffer();
        latenciesMs.push(performance.now() - t0);
        if (res.statusCode !== 200) errorKinds[`http ${res.statusCode}`] = (errorKinds[`http ${res.statusCode}`] ?? 0) + 1;
      } catch (error) {
        latenciesMs.push(performance.now() - t0);
        const kind = `fetch ${(error as Error).message}`;
        errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.searchers }, (_, n) => searcher(n)));
  const elapsedS = (performance.now() - startedMs) / 1000;
  await agent.close();
  latenciesMs.sort((a, b) => a - b);
  const cpuMsPerSearch =
    cpuBefore.length === 0
      ? undefined
      : Object.fromEntries(
          cpuBefore.map(([name, pid, before]) => [name, Math.round(((cpuMsOf(pid) - before) / latenciesMs.length) * 100) / 100]),
        );
  const errors = Object.values(errorKinds).reduce((a, b) => a + b, 0);
  return {
    loadavg1m: round1(loadavg()[0] ?? 0),
    requests: latenciesMs.length,
    errors,
    errorKinds,
    throughputPerS: round1(latenciesMs.length / elapsedS),
    p50Ms: round1(percentile(latenciesMs, 50)),
    p95Ms: round1(percentile(latenciesMs, 95)),
    p99Ms: round1(percentile(latenciesMs, 99)),
    maxMs: round1(latenciesMs.at(-1) ?? Number.NaN),
    ...(cpuMsPerSearch === undefined ? {} : { cpuMsPerSearch }),
  };
}
