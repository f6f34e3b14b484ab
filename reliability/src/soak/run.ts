/**
 * `pnpm test:soak [scenario …]`: runs each scenario as its own process, one after another, and
 * exits non-zero when any invariant was violated. Figures go to reliability/results/<scenario>.json.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCENARIOS = [
  'worker-kills',
  'meili-kills',
  'service-kills',
  'graceful-shutdown',
  'load-search',
  'order-bursts',
  'long-video',
  'slow-clients',
  'thumbnail-burst',
  'ocr-languages',
  'search-scale',
  'search-cost',
  'search-outage',
  'outbox-kills',
] as const;

const chosen = process.argv.slice(2).filter((a) => a !== '--');
const unknown = chosen.filter((name) => !(SCENARIOS as readonly string[]).includes(name));
if (unknown.length > 0) {
  console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${SCENARIOS.join(', ')}`);
  process.exit(2);
}
const outcomes: Array<{ name: string; code: number | string; seconds: number }> = [];
for (const name of chosen.length > 0 ? chosen : SCENARIOS) {
  const startedMs = Date.now();
  console.info(`\n=== ${name}`);
  const script = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', script], { stdio: 'inherit' });
  const code = await new Promise<number | string>((resolve) => child.once('exit', (c, signal) => resolve(c ?? signal ?? -1)));
  outcomes.push({ name, code, seconds: Math.round((Date.now() - startedMs) / 1000) });
}
console.info('\n=== soak summary');
for (const o of outcomes)
  console.info(`${o.code === 0 ? 'ok  ' : 'FAIL'} ${o.name} (${o.seconds} s${o.code === 0 ? '' : `, exit ${o.code}`})`);
process.exitCode = outcomes.every((o) => o.code === 0) ? 0 : 1;
