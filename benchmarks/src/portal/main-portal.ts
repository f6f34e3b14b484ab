import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { machineInfo } from '../report.js';
import { join } from 'node:path';
import { portalToMarkdown } from './report-portal.js';
import { runPortalBench } from './run-portal.js';

/** `pnpm bench --corpus portal`: runs the My Media figures and writes results/portal.{json,md}. */
export async function runPortal(options: {
  cacheDir: string;
  out: string;
  entries: number;
  segmentsPerEntry: number;
  repeats: number;
  stores: Array<'sqlite' | 'postgres'>;
  pgUrl?: string;
}) {
  for (const [name, value] of Object.entries({
    entries: options.entries,
    segmentsPerEntry: options.segmentsPerEntry,
    repeats: options.repeats,
  })) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number ≥ 1 (got ${value})`);
  }
  const loadAtStart = loadavg().map((x) => Number(x.toFixed(2)));
  const runs = [];
  for (const store of options.stores) {
    process.stderr.write(`\n${store} store:\n`);
    runs.push({ store, ...(await runPortalBench({ ...options, store, log: (text) => process.stderr.write(text) })) });
  }
  const machine = machineInfo();
  const machineLine = `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${loadAtStart.join(' / ')} at the start and ${machine.loadAverage.join(' / ')} at the end (1 / 5 / 15 min), ${machine.date}`;
  const setup = { entries: options.entries, segments: options.entries * options.segmentsPerEntry, repeats: options.repeats };
  const whole = options.entries === 10_000 && options.segmentsPerEntry === 100;
  const stem = whole ? 'portal' : 'portal-partial';
  await writeFile(
    join(options.out, `${stem}.json`),
    `${JSON.stringify(
      {
        machine: { ...machine, loadAverageAtStart: loadAtStart },
        setup,
        runs: runs.map(({ store, fresh, results, before }) => ({ store, dataGeneratedThisRun: fresh, results, before })),
      },
      null,
      2,
    )}\n`,
  );
  const markdown = runs.map((run) => portalToMarkdown(machineLine, setup, run.store, run.results, run.before)).join('\n');
  await writeFile(join(options.out, `${stem}.md`), markdown);
  process.stdout.write(`\n${markdown}`);
}
