/**
 * @onscreen/indexer — turns videos into searchable on-screen text: ffmpeg resolution and probing,
 * frame decoding and change-driven frame selection, a tesseract.js OCR pool, segment building, the
 * Meilisearch sink and an embedded Meilisearch process. It leaves HTTP, users and the CLI to
 * @onscreen/search-api, and durable orders to @onscreen/store.
 */
export { ensureExecutable, resolveFfmpeg, resolveFfprobe, type BinaryResolveOptions, type ResolvedBinary } from './media/binaries.js';
