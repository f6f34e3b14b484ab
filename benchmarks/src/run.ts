import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createOcrPool, extractSegments, resolveFfmpeg, resolveFfprobe } from '@onscreen/indexer';
import { corpusSpecs, materialize, NO_NAIVE } from './corpus.js';
import { decodeOnlyMs, sampleMemory } from './decode-baseline.js';
import { naiveExtract } from './naive-baseline.js';
import { type Score, scoreSegments } from './score.js';
import { floorLines, generatedFlags, machineInfo, machineLine, toMarkdown, type VideoResult } from './report.js';
import { measureStartup, type StartupFigures } from './startup.js';
import { slideDeck, testkitBinaryEnv } from '@onscreen/testkit';
import { loadRealManifest, REAL_KINDS } from './real/manifest.js';
import { realToMarkdown } from './real/report-real.js';
import { runRealCorpus } from './real/run-real.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    only: { type: 'string' },
    'no-naive': { type: 'boolean', default: false },
    long: { type: 'boolean', default: false },
    // which corpora: generated, real or both; --kind runs only the real clips of one kind
    corpus: { type: 'string', default: 'both' },
    kind: { type: 'string' },
    // --corpus portal: My Media at scale (entries × segments per entry through the HTTP API)
    entries: { type: 'string', default: '10000' },
    'segments-per-entry': { type: 'string', default: '100' },
    repeats: { type: 'string', default: '40' },
    // --corpus portal: which stores (sqlite, postgres or both; postgres needs --pg-url or ONSCREEN_BENCH_PG_URL)
    store: { type: 'string' },
    'pg-url': { type: 'string' },
    out: { type: 'string', default: join(import.meta.dirname, '..', 'results') },
  },
});

const root = join(import.meta.dirname, '..');
const cacheDir = join(root, '.cache');
const ffmpegPath = resolveFfmpeg().path;
const ffprobePath = resolveFfprobe({ ffmpegPath }).path;
Object.assign(process.env, testkitBinaryEnv({ ffmpegPath, ffprobePath }));
const scale = Number(values.scale);

if (values.corpus === 'portal') {
  const { runPortal } = await import('./portal/main-portal.js');
  const pgUrl = values['pg-url'] ?? process.env.ONSCREEN_BENCH_PG_URL;
  const store = values.store ?? (pgUrl === undefined ? 'sqlite' : 'both');
  if (!['sqlite', 'postgres', 'both'].includes(store)) throw new Error(`--store must be sqlite, postgres or both, not "${store}"`);
  await runPortal({
    stores: store === 'both' ? ['sqlite', 'postgres'] : [store as 'sqlite' | 'postgres'],
    pgUrl,
    cacheDir,
    out: values.out,
    entries: Number(values.entries),
    segmentsPerEntry: Number(values['segments-per-entry']),
    repeats: Number(values.repeats),
  });
  process.exit(0);
}
if (!['generated', 'real', 'both'].includes(values.corpus))
  throw new Error(`--corpus must be generated, real, both or portal, not "${values.corpus}"`);
if (values.kind !== undefined && !(REAL_KINDS as readonly string[]).includes(values.kind))
  throw new Error(`--kind must be one of ${REAL_KINDS.join(', ')}, not "${values.kind}"`);
const runGenerated = values.corpus !== 'real' && values.kind === undefined;
const runReal = values.corpus !== 'generated';
const specs = runGenerated ? corpusSpecs(scale).filter((c) => values.only === undefined || c.name.includes(values.only)) : [];
if (values.long && runGenerated) specs.push({ name: 'slides-30min', languages: 'eng', spec: slideDeck({ durationS: 1800, seed: 30 }) });

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
  if (!values['no-naive'] && !NO_NAIVE.has(name)) {
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
let startup: StartupFigures | null = null;
if (runGenerated && (values.only === undefined || 'lecture-1h'.includes(values.only))) {
  process.stderr.write('\nstart-up of the built command…');
  const clip = await materialize(cacheDir, 'startup-clip', slideDeck({ durationS: 2, slideS: 2, seed: 2 }));
  startup = await measureStartup(join(root, '..'), clip.file);
  process.stderr.write(` first frame ${Math.round(startup.firstFrameMs)} ms`);
}
const realClips = runReal
  ? (await loadRealManifest()).filter(
      (c) => (values.kind === undefined || c.kind === values.kind) && (values.only === undefined || c.id.includes(values.only)),
    )
  : [];
let real: Awaited<ReturnType<typeof runRealCorpus>> = { results: [], missing: [] };
if (realClips.length > 0) {
  let pool = pools.get('eng');
  if (pool === undefined) {
    pool = await createOcrPool({ languages: 'eng' });
    pools.set('eng', pool);
  }
  real = await runRealCorpus(realClips, {
    pool,
    ffmpegPath,
    ffprobePath,
    naive: !values['no-naive'],
    log: (text) => process.stderr.write(text),
  });
}
for (const pool of pools.values()) await pool.close();

const machine = machineInfo();
await mkdir(values.out, { recursive: true });
// only a run of both whole corpora is `latest`; a part (one corpus, one kind, --only, --scale) is `partial`
const whole = runGenerated && runReal && values.only === undefined && scale === 1;
const stem = whole ? 'latest' : 'partial';
await writeFile(
  join(values.out, `${stem}.json`),
  `${JSON.stringify({ machine, scale, results, startup, real: { results: real.results, notCollected: real.missing.map((c) => c.id) } }, null, 2)}\n`,
);
const markdown = [
  results.length > 0
    ? `${toMarkdown(machine, results)}\n${floorLines(results, startup)}\n${generatedFlags(results)}`
    : machineLine(machine),
  realClips.length > 0 ? realToMarkdown(real.results, real.missing) : '',
].join('\n');
await writeFile(join(values.out, `${stem}.md`), markdown);
process.stdout.write(`\n${markdown}`);
