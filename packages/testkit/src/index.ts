/**
 * @onscreen/testkit (private) — test videos with exact ground truth: spec builders for six kinds of
 * on-screen text (slides, lower thirds, 1080p charts, captions, low contrast, Spanish), rendering a
 * spec with one ffmpeg call, broken media for error paths, and the bundled demo video. It leaves OCR
 * scoring (matching recognised text against ground truth) to the benchmarks.
 */
export type {
  Background,
  BoxLayer,
  ClockLayer,
  GroundTruth,
  GroundTruthLine,
  NormalisedBox,
  PixelRect,
  TextLayer,
  TimeSpanMs,
  VideoSpec,
} from './types.js';
export { makeVideo, ffmpegArgs, type MakeVideoOptions } from './make-video.js';
export { groundTruthOf, textBoxPx } from './ground-truth.js';
export { type CommonSpecOptions, DEFAULT_FPS, DEFAULT_KEYFRAME_INTERVAL_S, frameMs } from './spec-base.js';
export { addSlides, type SlideBullet, type SlideColors, type SlideContent } from './slide-layout.js';
export { slideDeck, slideDeckContent, type SlideDeckOptions } from './specs/slide-deck.js';
export { lowerThirds } from './specs/lower-thirds.js';
export { chart1080, type Chart1080Options } from './specs/chart-1080.js';
export { captions, type CaptionsOptions } from './specs/captions.js';
export { lowContrast, type LowContrastOptions } from './specs/low-contrast.js';
export { spanish, type SpanishOptions } from './specs/spanish.js';
export { BAD_MEDIA_KINDS, type BadMediaInfo, type BadMediaKind, type BadMediaOptions, makeBadMedia } from './bad-media.js';
export { makeSampleVideo, sampleVideoSpec } from './sample-video.js';
export { type ProbedFile, probeFile } from './probe-file.js';
export { resolveFontFile } from './font-file.js';
export { estimateTextWidthPx } from './text-width.js';
export { createSeededRandom, type SeededRandom } from './seeded-random.js';
export { TESTKIT_FFMPEG_ENV, TESTKIT_FFPROBE_ENV, testkitBinaryEnv, testkitFfmpeg, testkitFfprobe } from './binaries.js';
export { rewriteMp4Duration } from './lying-duration.js';
export { CLIP_FORMATS, type ClipFormat, FORMAT_CLIP_LINES, formatClipSpec, makeFormatClip } from './format-clips.js';
