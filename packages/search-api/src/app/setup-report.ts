import { binaryVersion, listInstalledLanguages, type ResolvedBinary, resolveFfmpeg, resolveFfprobe } from '@onscreen/indexer';
import type { OnscreenStore } from '@onscreen/store';
import type { SearchEngine } from '../engine/search-engine.js';
import { PACKAGE_VERSION } from '../package-files.js';

/** The media tools a service or command uses, resolved once (FFMPEG_PATH / FFPROBE_PATH first). */
export interface MediaTools {
  ffmpeg: ResolvedBinary;
  /** ffprobe of the same build, or the ffmpeg itself (`source: 'ffmpeg'`). */
  probe: ResolvedBinary;
}

export function resolveMediaTools(config: { ffmpegPath?: string | undefined; ffprobePath?: string | undefined }): MediaTools {
  const ffmpeg = resolveFfmpeg({ explicitPath: config.ffmpegPath });
  const probe = resolveFfprobe({ explicitPath: config.ffprobePath, ffmpegPath: ffmpeg.path });
  return { ffmpeg, probe };
}

/** What `onscreen doctor` prints, and `onscreen serve` at start-up. */
export interface SetupReport {
  onscreen: string;
  node: string;
  ffmpeg: { path: string; source: string; version: string };
  probe: { path: string; source: string; version: string };
  meilisearch: { source: string; url: string; version: string };
  store: { backend: string; location: string } | null;
  languages: string[];
}

const SOURCE_TEXT: Record<ResolvedBinary['source'], string> = {
  explicit: 'FFMPEG_PATH / FFPROBE_PATH',
  path: 'on PATH',
  sibling: 'next to ffmpeg, same build',
  'ffmpeg-static': 'npm package ffmpeg-static',
  'npm-package': 'npm package @ffmpeg-installer/ffmpeg',
  ffmpeg: 'ffmpeg itself: no ffprobe of its build is installed',
};

/** A database URL without its password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

export async function collectSetupReport(
  tools: MediaTools,
  engine: SearchEngine,
  store: { backend: OnscreenStore['backend']; location: string } | null,
): Promise<SetupReport> {
  const describe = (binary: ResolvedBinary) => {
    const version = binaryVersion(binary.path);
    return {
      path: binary.path,
      source: SOURCE_TEXT[binary.source],
      version: `${version.version}${version.year ? ` (${version.year})` : ''}`,
    };
  };
  const meiliVersion = await engine.meili.client.getVersion().then(
    (v) => v.pkgVersion,
    (error: unknown) => `unreachable: ${(error as Error).message}`,
  );
  return {
    onscreen: PACKAGE_VERSION,
    node: process.version,
    ffmpeg: describe(tools.ffmpeg),
    probe: describe(tools.probe),
    meilisearch: { source: engine.source, url: engine.url, version: meiliVersion },
    store: store === null ? null : { backend: store.backend, location: store.location },
    languages: listInstalledLanguages(),
  };
}

const MEILI_SOURCE: Record<string, string> = {
  external: 'MEILI_URL',
  embedded: 'embedded, started by this process',
  shared: 'embedded, shared by a running onscreen serve',
};

export function formatSetupReport(report: SetupReport): string {
  const lines = [
    `onscreen ${report.onscreen} on Node ${report.node}`,
    `  ffmpeg       ${report.ffmpeg.version}  ${report.ffmpeg.path}  (${report.ffmpeg.source})`,
    `  probe        ${report.probe.version}  ${report.probe.path}  (${report.probe.source})`,
    `  Meilisearch  ${report.meilisearch.version}  ${report.meilisearch.url}  (${MEILI_SOURCE[report.meilisearch.source] ?? report.meilisearch.source})`,
    ...(report.store ? [`  store        ${report.store.backend}  ${report.store.location}`] : []),
    `  languages    ${report.languages.join(', ') || 'none (install @tesseract.js-data/eng)'}`,
  ];
  return `${lines.join('\n')}\n`;
}
