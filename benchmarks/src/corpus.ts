import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  captions,
  chart1080,
  type GroundTruth,
  lowContrast,
  lowerThirds,
  makeVideo,
  slideDeck,
  spanish,
  type VideoSpec,
} from '@onscreen/testkit';

export interface CorpusVideo {
  name: string;
  languages: string;
  file: string;
  truth: GroundTruth;
}

/**
 * Videos too long for the naive reader in every run (it reads at about realtime: an hour more per run).
 * Its recall on the same generator is measured on talk-720p beside them.
 */
export const NO_NAIVE = new Set(['lecture-1h', 'slides-30min']);

/** The benchmark corpus: every kind of on-screen text the product must read, with ground truth. */
export function corpusSpecs(scale: number): Array<{ name: string; languages: string; spec: VideoSpec }> {
  const s = (seconds: number) => Math.max(10, Math.round(seconds * scale));
  return [
    { name: 'slides-720p', languages: 'eng', spec: slideDeck({ durationS: s(240) }) },
    // a talk: a new slide every 45 s (decks above change every 8 s, with reveals)
    { name: 'talk-720p', languages: 'eng', spec: slideDeck({ durationS: s(900), slideS: 45, seed: 9 }) },
    { name: 'lower-thirds', languages: 'eng', spec: lowerThirds({ durationS: s(60) }) },
    { name: 'chart-1080p', languages: 'eng', spec: chart1080({ durationS: s(60) }) },
    { name: 'captions-1s', languages: 'eng', spec: captions({ durationS: s(60) }) },
    // subtitles burned into footage: 1.5 s each over testsrc2's moving picture
    { name: 'captions-motion', languages: 'eng', spec: captions({ durationS: s(60), onS: 1.5, offS: 1, background: 'moving' }) },
    { name: 'low-contrast', languages: 'eng', spec: lowContrast({ durationS: s(60) }) },
    { name: 'spanish', languages: 'spa', spec: spanish({ durationS: s(60) }) },
    // an hour-long lecture at 720p: how close a long video comes to ffmpeg's decode, and its memory
    { name: 'lecture-1h', languages: 'eng', spec: slideDeck({ durationS: s(3600), slideS: 40, seed: 60 }) },
  ];
}

/** Generates (or reuses from the cache dir) a video and its ground truth. */
export async function materialize(cacheDir: string, name: string, spec: VideoSpec): Promise<{ file: string; truth: GroundTruth }> {
  await mkdir(cacheDir, { recursive: true });
  const key = `${name}-${spec.durationS}s`;
  const file = join(cacheDir, `${key}.mp4`);
  const truthFile = join(cacheDir, `${key}.truth.json`);
  if (existsSync(file) && existsSync(truthFile)) return { file, truth: JSON.parse(await readFile(truthFile, 'utf8')) as GroundTruth };
  const truth = await makeVideo(spec, file);
  await writeFile(truthFile, JSON.stringify(truth));
  return { file, truth };
}
