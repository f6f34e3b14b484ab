import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { ErrorCode, OnscreenError } from '@onscreen/core';

const require = createRequire(import.meta.url);

/** A system ffmpeg on PATH is preferred to the npm-bundled one from this major version on. */
export const MIN_SYSTEM_FFMPEG_MAJOR = 5;

export interface BinaryResolveOptions {
  /** An explicit path. Default: `env.FFMPEG_PATH` / `env.FFPROBE_PATH`. */
  explicitPath?: string | undefined;
  /** Directories searched for a system ffmpeg, like PATH. Default: `env.PATH`. */
  searchPath?: string | undefined;
  /**
   * Where FFMPEG_PATH, FFPROBE_PATH and PATH are read when the options above are absent. Default
   * `process.env` (pass `{}` to ignore the environment).
   */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ResolvedBinary {
  path: string;
  /**
   * explicit: the option or FFMPEG_PATH/FFPROBE_PATH; path: on PATH; sibling: ffprobe next to the ffmpeg
   * in use (the same build); ffmpeg-static / npm-package: a binary inside an npm package; ffmpeg: no
   * ffprobe of the same build exists, so the media are probed with the ffmpeg in use itself.
   */
  source: 'explicit' | 'path' | 'sibling' | 'ffmpeg-static' | 'npm-package' | 'ffmpeg';
}

export interface BinaryVersion {
  /** What the binary says it is: `ffmpeg` or `ffprobe`. */
  tool: 'ffmpeg' | 'ffprobe' | 'unknown';
  /** e.g. `5.1.6-0+deb12u1` or `N-47683-g0e8eb07980-static`. */
  version: string;
  /** The release's major version; null for a build from git (`N-…`). */
  major: number | null;
  /** The last year of its copyright line: how old a git build is. */
  year: number | null;
}

/** Make a file shipped inside an npm package executable (pnpm may skip the package's own chmod). */
export function ensureExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    try {
      chmodSync(file, statSync(file).mode | 0o755);
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }
}

const versions = new Map<string, BinaryVersion>();

/** Runs `<binary> -version` once per path and process; what it printed first tells tool and version. */
export function binaryVersion(path: string): BinaryVersion {
  const known = versions.get(path);
  if (known !== undefined) return known;
  let text = '';
  try {
    text = execFileSync(path, ['-version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    // not runnable: reported as unknown
  }
  const head = /^(ffmpeg|ffprobe) version (\S+)/.exec(text);
  const release = /^n?(\d+)\.\d+/.exec(head?.[2] ?? '');
  const years = /Copyright \(c\) \d{4}-(\d{4})/.exec(text);
  const version: BinaryVersion = {
    tool: (head?.[1] as 'ffmpeg' | 'ffprobe' | undefined) ?? 'unknown',
    version: head?.[2] ?? 'unknown',
    major: release?.[1] === undefined ? null : Number(release[1]),
    year: years?.[1] === undefined ? null : Number(years[1]),
  };
  versions.set(path, version);
  return version;
}

/** Whether a build is recent enough to be preferred: release ≥ 5, or a git build from 2022 on (5.0's year). */
function recentEnough(version: BinaryVersion): boolean {
  if (version.major !== null) return version.major >= MIN_SYSTEM_FFMPEG_MAJOR;
  return version.year !== null && version.year >= 2022;
}

function fromPackage(specifier: string, pick: (mod: unknown) => string | undefined): string | undefined {
  try {
    const file = pick(require(specifier));
    return file !== undefined && existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

function usable(file: string | undefined): file is string {
  return file !== undefined && file !== '' && existsSync(file) && statSync(file).isFile() && ensureExecutable(file);
}

function fromSearchPath(name: string, searchPath: string | undefined): string | undefined {
  for (const dir of (searchPath ?? '').split(delimiter)) {
    if (dir === '') continue;
    const file = join(dir, name);
    if (usable(file)) return file;
  }
  return undefined;
}

const envOf = (options: BinaryResolveOptions) => options.env ?? process.env;

/**
 * ffmpeg, in this order: the explicit path (the option, else FFMPEG_PATH); an ffmpeg ≥ 5 on PATH (a
 * system one, kept up to date by the OS); ffmpeg-static's file when its download happened; the binary
 * inside @ffmpeg-installer/ffmpeg (a 2018 build, inside npm); an older ffmpeg on PATH.
 */
export function resolveFfmpeg(options: BinaryResolveOptions = {}): ResolvedBinary {
  const env = envOf(options);
  const explicit = options.explicitPath || env.FFMPEG_PATH;
  if (explicit !== undefined && explicit !== '') {
    if (usable(explicit)) return { path: explicit, source: 'explicit' };
    throw notFound('ffmpeg', `FFMPEG_PATH (or the ffmpegPath option) points to "${explicit}", which is not an executable file.`);
  }
  const onPath = fromSearchPath('ffmpeg', options.searchPath ?? env.PATH);
  if (onPath !== undefined && recentEnough(binaryVersion(onPath))) return { path: onPath, source: 'path' };
  const fromStatic = fromPackage('ffmpeg-static', (mod) => (typeof mod === 'string' ? mod : undefined));
  if (usable(fromStatic)) return { path: fromStatic, source: 'ffmpeg-static' };
  const fromInstaller = fromPackage('@ffmpeg-installer/ffmpeg', (mod) => (mod as { path?: string }).path);
  if (usable(fromInstaller)) return { path: fromInstaller, source: 'npm-package' };
  if (onPath !== undefined) return { path: onPath, source: 'path' };
  throw notFound('ffmpeg', 'No ffmpeg was found.');
}

/**
 * What reads a video's container and streams before it is decoded, from the same build as the ffmpeg in
 * use: the explicit path (the option, else FFPROBE_PATH); the ffprobe next to that ffmpeg; else that
 * ffmpeg itself (`source: 'ffmpeg'`; probeMedia then reads what `ffmpeg -i` prints). A separately built
 * ffprobe is never paired with it: it would accept files this ffmpeg cannot decode.
 */
export function resolveFfprobe(options: BinaryResolveOptions & { ffmpegPath?: string } = {}): ResolvedBinary {
  const explicit = options.explicitPath || envOf(options).FFPROBE_PATH;
  if (explicit !== undefined && explicit !== '') {
    if (usable(explicit)) return { path: explicit, source: 'explicit' };
    throw notFound('ffprobe', `FFPROBE_PATH (or the ffprobePath option) points to "${explicit}", which is not an executable file.`);
  }
  const ffmpegPath = options.ffmpegPath ?? resolveFfmpeg(options).path;
  const sibling = join(dirname(ffmpegPath), 'ffprobe');
  if (usable(sibling)) return { path: sibling, source: 'sibling' };
  return { path: ffmpegPath, source: 'ffmpeg' };
}

function notFound(name: 'ffmpeg' | 'ffprobe', first: string): OnscreenError {
  const upper = name.toUpperCase();
  return new OnscreenError(
    ErrorCode.FFMPEG_NOT_FOUND,
    `${first} Provide ${name} in one of three ways: set ${upper}_PATH to its file; install ${name} 5 or later on PATH (e.g. apt-get install ffmpeg); or install @ffmpeg-installer/ffmpeg (ships a binary inside npm).`,
  );
}
