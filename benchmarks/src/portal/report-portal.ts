import type { Measured } from './run-portal.js';

/** The portal figures as a Markdown table: p50/p95/max per request, p95 as a multiple of the baseline's. */
export function portalToMarkdown(
  machineLine: string,
  setup: { entries: number; segments: number; repeats: number },
  store: 'sqlite' | 'postgres',
  results: Measured[],
  before: { pageMs: number; rows: number },
): string {
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${r.query === '' ? '' : `\`${r.query}\``} | ${r.total ?? ''} | ${r.p50Ms.toFixed(1)} | ${r.p95Ms.toFixed(1)} | ${r.maxMs.toFixed(1)} | ${r.p95VsBaseline.toFixed(1)}× |`,
  );
  const worst = Math.max(...results.map((r) => r.p95Ms));
  return [
    `## My Media at scale: ${setup.entries.toLocaleString('en')} entries, ${setup.segments.toLocaleString('en')} segments, ${store === 'sqlite' ? 'SQLite' : 'Postgres'} store`,
    '',
    machineLine,
    '',
    `GET /v1/entries on a real port (keep-alive), ${setup.repeats} requests each after 3 warm-ups, ${store === 'sqlite' ? 'SQLite store (one file)' : 'Postgres store (pool of 10)'}, embedded Meilisearch.`,
    '',
    '| request | query | total | p50 ms | p95 ms | max ms | p95 ÷ baseline |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `Worst p95: ${worst.toFixed(1)} ms (target ≤ 100 ms). Before migration 7 a page also read every row's segments to rank its labels: ` +
      `${before.pageMs.toFixed(0)} ms for ${before.rows} rows on this data, on top of the list itself.`,
    '',
  ].join('\n');
}
