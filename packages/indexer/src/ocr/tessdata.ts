import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ErrorCode, OnscreenError, toTesseractLanguages } from '@onscreen/core';

/** Data flavours inside a @tesseract.js-data/<lang> package, preferred first (LSTM only, smaller, faster). */
const FLAVOURS = ['4.0.0_best_int', '4.0.0'] as const;

export interface TessdataLocation {
  /** A directory holding `<lang>.traineddata.gz` for every requested language. */
  langPath: string;
  languages: string[];
}

function findPackageDir(lang: string, searchFrom: readonly string[]): string | undefined {
  for (const from of searchFrom) {
    try {
      return dirname(createRequire(from).resolve(`@tesseract.js-data/${lang}/package.json`));
    } catch {
      // not installed where this resolver looks
    }
  }
  return undefined;
}

function dataFile(packageDir: string, lang: string): string | undefined {
  for (const flavour of FLAVOURS) {
    const file = join(packageDir, flavour, `${lang}.traineddata.gz`);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/**
 * Finds traineddata on disk for "eng" or "eng+spa" and returns one directory that holds them all
 * (tesseract.js reads every language from one langPath). Nothing is ever downloaded: a language
 * whose @tesseract.js-data package is missing is a clear error.
 */
export function resolveTessdata(languages: string, options: { cacheDir?: string; resolveFrom?: string[] } = {}): TessdataLocation {
  const codes = (toTesseractLanguages(languages) ?? languages).split('+').filter((code) => code !== '');
  const searchFrom = [import.meta.url, ...(options.resolveFrom ?? [])];
  const files = codes.map((code) => {
    const packageDir = findPackageDir(code, searchFrom);
    const file = packageDir === undefined ? undefined : dataFile(packageDir, code);
    if (file === undefined) {
      throw new OnscreenError(
        ErrorCode.OCR_LANGUAGE_MISSING,
        `OCR language "${code}" is not installed. Install its data with: npm install @tesseract.js-data/${code}`,
        { details: { language: code } },
      );
    }
    return { code, file };
  });
  if (files.length === 1 && files[0] !== undefined) return { langPath: dirname(files[0].file), languages: codes };
  const key = createHash('sha256')
    .update(files.map((f) => f.file).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const langPath = join(options.cacheDir ?? join(tmpdir(), 'onscreen-tessdata'), key);
  mkdirSync(langPath, { recursive: true });
  for (const { code, file } of files) {
    const link = join(langPath, `${code}.traineddata.gz`);
    if (!existsSync(link)) {
      try {
        symlinkSync(file, link);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  }
  return { langPath, languages: codes };
}

/**
 * The OCR languages whose @tesseract.js-data/<lang> package can be found from here (and from
 * `resolveFrom`), sorted: what `--lang` may name without installing anything.
 */
export function listInstalledLanguages(options: { resolveFrom?: string[] } = {}): string[] {
  const found = new Set<string>();
  for (const from of [import.meta.url, ...(options.resolveFrom ?? [])]) {
    for (const dir of createRequire(from).resolve.paths('@tesseract.js-data/eng') ?? []) {
      for (const name of safeReaddir(join(dir, '@tesseract.js-data'))) {
        const packageDir = join(dir, '@tesseract.js-data', name);
        if (dataFile(packageDir, name) !== undefined) found.add(name);
      }
    }
  }
  return [...found].sort();
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
