import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** reliability/results (committed): one JSON file per scenario, the figures quoted by the doc. */
export const RESULTS_DIR = fileURLToPath(new URL('../../results', import.meta.url));

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A positive integer from the environment, or the default. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer (got ${raw})`);
  return value;
}

export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const i = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[i] as number;
}

export const round1 = (n: number) => Math.round(n * 10) / 10;

/** Collects invariant checks; a scenario exits non-zero when one failed. */
export function createChecks(scenario: string) {
  const failed: string[] = [];
  const passed: string[] = [];
  return {
    check(ok: boolean, what: string): void {
      (ok ? passed : failed).push(what);
      console.info(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    },
    async finish(figures: Record<string, unknown>): Promise<boolean> {
      const machine = {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        loadavg1m: round1(loadavg()[0] ?? 0),
        node: process.version,
      };
      const result = { scenario, date: new Date().toISOString(), machine, figures, passed, failed };
      await mkdir(RESULTS_DIR, { recursive: true });
      await writeFile(join(RESULTS_DIR, `${scenario}.json`), `${JSON.stringify(result, null, 2)}\n`);
      console.info(
        `[${scenario}] ${failed.length === 0 ? 'all invariants held' : `${failed.length} invariant(s) violated`}: ${JSON.stringify(figures)}`,
      );
      return failed.length === 0;
    },
  };
}

/** Polls until `probe` returns a value, or throws after `timeoutMs` (the worker tests' helper). */
export { waitUntil as waitFor } from '@onscreen/worker/testing';
