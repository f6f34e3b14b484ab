/**
 * @onscreen/indexer — turns videos into searchable on-screen text: ffmpeg resolution and probing,
 * frame decoding and change-driven frame selection, a tesseract.js OCR pool, segment building, the
 * Meilisearch sink and an embedded Meilisearch process. What a library user installs to read text out
 * of a video: it knows nothing of orders, users or databases (the order worker is @onscreen/worker,
 * durable orders @onscreen/store, HTTP and the CLI @onscreen/search-api).
 */
export {
  binaryVersion,
  ensureExecutable,
  MIN_SYSTEM_FFMPEG_MAJOR,
  resolveFfmpeg,
  resolveFfprobe,
  type BinaryResolveOptions,
  type BinaryVersion,
  type ResolvedBinary,
} from './media/binaries.js';
export { describeSource, ffmpegInputArgs, type MediaSource } from './media/media-source.js';
export { parseFfmpegInput, probeDurationToleranceMs, readContainer, type ContainerJson } from './media/read-container.js';
export {
  ANIMATED_WEBP_FORMAT,
  DEFAULT_MEDIA_LIMITS,
  probeMedia,
  type MediaInfo,
  type MediaLimits,
  type ProbeOptions,
} from './media/probe-media.js';
export { isAnimatedWebp } from './media/media-signature.js';
export { animatedWebpFrameJpeg, decodeAnimatedWebp, type WebpDecodeOptions } from './media/webp-frames.js';
export { decodeFrames, outputSize, type DecodeOptions, type GrayFrame } from './frames/decode-frames.js';
export { computeGrid, type FrameGrid } from './frames/frame-grid.js';
export {
  createFrameSelector,
  type FrameSelector,
  type FrameSelectorOptions,
  type SelectReason,
  type Selection,
} from './frames/frame-selector.js';
export {
  createOcrPool,
  toPgm,
  type OcrBinarisation,
  type OcrImage,
  type OcrLayout,
  type RecognizeOptions,
  type OcrPool,
  type OcrPoolOptions,
} from './ocr/ocr-pool.js';
export { isJunkLine, parseTsvLines, type OcrLine } from './ocr/parse-tsv.js';
export { listInstalledLanguages, resolveTessdata, type TessdataLocation } from './ocr/tessdata.js';
export { createSegmentBuilder, mergeSightings, type SegmentBuilder, type SeenLine } from './segments/segment-builder.js';
export { entryLabelsOf, KEPT_LABELS, rankLabels } from './segments/labels.js';
export { normalizeText, sameLine, stripLeadingBullet, textSimilarity, wordsOf } from './segments/text-match.js';
export {
  extractSegments,
  type ExtractControl,
  type ExtractOptions,
  type ExtractProgress,
  type ExtractResult,
  type ExtractStats,
} from './extract-segments.js';
export {
  startEmbeddedMeilisearch,
  type EmbeddedMeilisearch,
  type EmbeddedMeilisearchOptions,
  type EmbeddedMeilisearchStatus,
} from './meili/embedded-meilisearch.js';
export { createMeiliClient, toOnscreenError, type MeiliClient, type MeiliClientOptions } from './sink/meili-client.js';
export type { EntryMatches, EntryMatchOptions } from './sink/entry-matches.js';
export {
  createSegmentIndex,
  type EntryMetaUpdate,
  type IndexedDocumentMeta,
  type ReplaceResult,
  type SegmentIndex,
  type SegmentIndexOptions,
} from './sink/segment-index.js';
export { SEGMENT_INDEX_SETTINGS } from './sink/segment-index-settings.js';
export {
  searchSegments,
  searchSegmentsAcross,
  type SearchGrouping,
  type SearchSegmentsOptions,
  type SearchTarget,
} from './sink/segment-search.js';
export { createShardedSegmentIndex, shardOf } from './sink/sharded-segment-index.js';
export { segmentDocumentId, toSegmentDocuments, type EntrySegmentMeta } from './sink/segment-documents.js';
export { escapeHtml, renderHighlight } from './sink/highlight.js';
export { createTail, runProcess, type ProcessResult, type RunProcessOptions } from './media/run-process.js';
export { rawFrames } from './frames/raw-frames.js';
export {
  DEFAULT_FFMPEG_LIMITS,
  DEFAULT_FFPROBE_LIMITS,
  decodeCpuSeconds,
  MIN_ADDRESS_SPACE_BYTES,
  resolveProcessLimits,
  resourceLimitError,
  type LimitBreach,
  type ProcessLimits,
  type ProcessLimitsOption,
} from './media/process-limits.js';
