/**
 * OCR language lists as an attack on memory: 1,000 orders whose `ocr.languages` are spelled 62
 * different ways over eng and spa (`eng+eng`, `eng+spa+eng`, `spa+eng+eng+spa` …), against a run
 * where every order asks for `eng`. Each run is its own worker process (lib/ocr-languages-child.ts);
 * the invariant: the mixed run's peak RSS stays within 20% of the single-language run's, and every
 * order ends ready.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedMeilisearch } from '@onscreen/indexer';
import { makeVideo, slideDeck } from '@onscreen/testkit';
import { createChecks, envInt, round1 } from '../lib/harness.js';
import { useTestkitBinaries } from '../lib/testkit-binaries.js';

const ORDERS = envInt('LANG_ORDERS', 1_000);
const CHILD = fileURLToPath(new URL('../lib/ocr-languages-child.ts', import.meta.url));

interface RunResult {
  mode: string;
  orders: number;
  distinctSpellings: number;
  ready: number;
  error: number;
  elapsedS: number;
  peakRssMb: number;
  rssMaxSampledMb: number;
  rssLastMb: number;
}

const checks = createChecks('ocr-languages');
const dir = await mkdtemp(join(tmpdir(), 'onscreen-langs-'));
const meili = await startEmbeddedMeilisearch({ dataDir: join(dir, 'meili') });

function runChild(mode: 'single' | 'mixed', video: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const args = [mode, String(ORDERS), dir, meili.url, meili.masterKey, video, `langs_${mode}`];
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CHILD, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`${mode} run exited ${code}: ${out.slice(-2000)}`));
      else resolve(JSON.parse(line) as RunResult);
    });
  });
}

try {
  useTestkitBinaries();
  const video = join(dir, 'slide.mp4');
  await makeVideo(slideDeck({ durationS: 2, slideS: 2, width: 640, height: 360, seed: 4 }), video);
  const single = await runChild('single', video);
  console.info('single language', single);
  const mixed = await runChild('mixed', video);
  console.info('62 spellings', mixed);
  const ratio = mixed.peakRssMb / single.peakRssMb;
  checks.check(single.ready === ORDERS && mixed.ready === ORDERS, `every order ready (${single.ready} and ${mixed.ready} of ${ORDERS})`);
  checks.check(
    ratio <= 1.2,
    `peak RSS with 62 spellings within 20% of one language (${mixed.peakRssMb} vs ${single.peakRssMb} MB: ${round1(ratio)}x)`,
  );
  const ok = await checks.finish({ orders: ORDERS, single, mixed, peakRssRatio: Math.round(ratio * 100) / 100 });
  process.exitCode = ok ? 0 : 1;
} finally {
  await meili.close();
  await rm(dir, { recursive: true, force: true });
}
