import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binaryVersion, resolveFfmpeg, resolveFfprobe } from './binaries.js';

/**
 * Which ffmpeg is chosen. No system ffmpeg is installed on the test machines, so "system" builds are
 * stand-ins: scripts in a private PATH directory that answer `-version` the way Debian's ffmpeg 5.1
 * and an old 4.x do. The npm-bundled ffmpeg is the real one.
 */
const root = mkdtempSync(join(tmpdir(), 'onscreen-binaries-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fakeBuild(dir: string, version: string, year: number, tools: Array<'ffmpeg' | 'ffprobe'> = ['ffmpeg', 'ffprobe']): string {
  const path = join(root, dir);
  mkdirSync(path, { recursive: true });
  for (const tool of tools) {
    const file = join(path, tool);
    writeFileSync(file, `#!/bin/sh\necho "${tool} version ${version} Copyright (c) 2000-${year} the FFmpeg developers"\n`);
    chmodSync(file, 0o755);
  }
  return path;
}

const debian = fakeBuild('debian', '5.1.6-0+deb12u1', 2024);
const old = fakeBuild('old', '4.3.6-0+deb11u1', 2023);
const onlyFfmpeg = fakeBuild('only-ffmpeg', '6.1.1', 2023, ['ffmpeg']);

describe('resolveFfmpeg', () => {
  it('prefers an ffmpeg ≥ 5 on PATH to the npm-bundled one, and pairs it with the ffprobe next to it', () => {
    const ffmpeg = resolveFfmpeg({ env: { PATH: debian } });
    expect(ffmpeg).toEqual({ path: join(debian, 'ffmpeg'), source: 'path' });
    expect(resolveFfprobe({ env: { PATH: debian } })).toEqual({ path: join(debian, 'ffprobe'), source: 'sibling' });
    expect(binaryVersion(ffmpeg.path)).toEqual({ tool: 'ffmpeg', version: '5.1.6-0+deb12u1', major: 5, year: 2024 });
  });

  it('takes the npm-bundled build over an ffmpeg older than 5 on PATH, and probes with that same ffmpeg', () => {
    const ffmpeg = resolveFfmpeg({ env: { PATH: old } });
    expect(ffmpeg.source).toBe('npm-package');
    expect(binaryVersion(ffmpeg.path)).toMatchObject({ tool: 'ffmpeg', major: null, year: 2018 });
    // no ffprobe of its build is installed: never a separately built one
    expect(resolveFfprobe({ env: { PATH: old } })).toEqual({ path: ffmpeg.path, source: 'ffmpeg' });
  });

  it('honours FFMPEG_PATH and FFPROBE_PATH from the environment when no path is passed, and a passed path first', () => {
    const explicit = join(old, 'ffmpeg');
    expect(resolveFfmpeg({ env: { FFMPEG_PATH: explicit, PATH: debian } })).toEqual({ path: explicit, source: 'explicit' });
    expect(resolveFfmpeg({ explicitPath: join(debian, 'ffmpeg'), env: { FFMPEG_PATH: explicit } }).path).toBe(join(debian, 'ffmpeg'));
    expect(resolveFfprobe({ env: { FFPROBE_PATH: join(old, 'ffprobe') } })).toEqual({ path: join(old, 'ffprobe'), source: 'explicit' });
    // FFMPEG_PATH alone: the ffprobe beside it, else that ffmpeg
    expect(resolveFfprobe({ env: { FFMPEG_PATH: explicit } })).toEqual({ path: join(old, 'ffprobe'), source: 'sibling' });
    const lone = join(onlyFfmpeg, 'ffmpeg');
    expect(resolveFfprobe({ env: { FFMPEG_PATH: lone } })).toEqual({ path: lone, source: 'ffmpeg' });
  });

  it('names the variable when it points nowhere', () => {
    expect(() => resolveFfmpeg({ env: { FFMPEG_PATH: join(root, 'missing') } })).toThrow(/FFMPEG_PATH .* not an executable file/);
    expect(() => resolveFfprobe({ env: { FFPROBE_PATH: root } })).toThrow(/FFPROBE_PATH .* not an executable file/);
  });
});
