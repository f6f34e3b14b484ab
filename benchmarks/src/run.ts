import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createOcrPool, extractSegments, resolveFfmpeg, resolveFfprobe } from '@onscreen/indexer';
import { corpusSpecs, materialize } from './corpus.js';
import { decodeOnlyMs, sampleMemory } from './decode-baseline.js';
import { naiveExtract } from './naive-baseline.js';
import { type Score, scoreSegments } from './score.js';
import { toMarkdown, type VideoResult } from './report.js';
import { slideDeck, testkitBinaryEnv } from '@onscreen/testkit';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    only: { type: 'string' },
    'no-naive': { type: 'boolean', default: false },
    long: { type: 'boolean', default: false },
    out: { type: 'string', default: join(import.meta.dirname, '..', 'results') },
  },
});

const root = join(import.meta.dirname, '..');
const cacheDir = join(root, '.cache');
const ffmpegPath = resolveFfmpeg().path;
const ffprobePath = resolveFfprobe({ ffmpegPath }).path;
Object.assign(process.env, testkitBinaryEnv({ ffmpegPath, ffprobePath }));
const scale = Number(values.scale);

const specs = corpusSpecs(scale).filter((c) => values.only === undefined || c.name.includes(values.only));
if (values.long) specs.push({ name: 'slides-30min', languages: 'eng', spec: slideDeck({ durationS: 1800, seed: 30 }) });

const results: VideoResult[] = [];
const pools = new Map<string, Awaited<ReturnType<typeof createOcrPool>>>();
for (const { name, languages, spec } of specs) {
  process.stderr.write(`\n${name}: generating…`);
  const { file, truth } = await materialize(cacheDir, name, spec);
  let pool = pools.get(languages);
  if (pool === undefined) {
    pool = await createOcrPool({ languages });
    pools.set(languages, pool);
  }
  const decodeMs = await decodeOnlyMs(ffmpegPath, file);
  process.stderr.write(` decode-only ${(decodeMs / 1000).toFixed(1)} s; onscreen…`);
  const memory = sampleMemory();
  const ours = await extractSegments(file, { pool, ffmpegPath, ffprobePath, ocr: { languages } });
  const mem = memory.stop();
  const ourScore: Score = scoreSegments(truth.lines, ours.segments);
  let naive: VideoResult['naive'] = null;
  if (!values['no-naive'] && !name.includes('30min')) {
    process.stderr.write(' naive…');
    const run = await naiveExtract(file, pool, { ffmpegPath, ffprobePath });
    naive = { elapsedMs: run.stats.elapsedMs, framesOcred: run.stats.framesOcred, score: scoreSegments(truth.lines, run.segments) };
  }
  results.push({
    name,
    durationMs: truth.durationMs,
    width: truth.width,
    height: truth.height,
    decodeOnlyMs: Math.round(decodeMs),
    stats: ours.stats,
    score: ourScore,
    peakRssBytes: mem.peakRssBytes,
    secondHalfRssGrowth: mem.secondHalfGrowth,
    naive,
  });
  process.stderr.write(
    ` ${(truth.durationMs / ours.stats.elapsedMs).toFixed(1)}× realtime, recall ${(ourScore.recallFuzzy * 100).toFixed(1)}%`,
  );
  if (ourScore.missed.length > 0)
    process.stderr.write(
      `\n  missed: ${ourScore.missed
        .slice(0, 8)
        .map((t) => JSON.stringify(t))
        .join(', ')}`,
    );
}
for (const pool of pools.values()) await pool.close();

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  date: new Date().toISOString(),
};
await mkdir(values.out, { recursive: true });
await writeFile(join(values.out, 'latest.json'), `${JSON.stringify({ machine, scale, results }, null, 2)}\n`);
const markdown = toMarkdown(machine, results);
await writeFile(join(values.out, 'latest.md'), markdown);
process.stdout.write(`\n${markdown}`);
