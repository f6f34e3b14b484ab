import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, isOnscreenError } from '@onscreen/core';
import { CLIP_FORMATS, type ClipFormat, makeFormatClip, testkitFfmpeg } from '@onscreen/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractSegments } from '../extract-segments.js';
import { createOcrPool, type OcrPool } from '../ocr/ocr-pool.js';
import { wordsOf } from '../segments/text-match.js';
import { resolveFfmpeg } from './binaries.js';
import { probeMedia } from './probe-media.js';
import { runProcess } from './run-process.js';

/**
 * Every container/codec people record in, made with the ffmpeg in use, and read back; 2 fps sampling.
 * The animated WebP (made with libwebp_anim: a full first frame, then blended partial frames) is read
 * by onscreen's own WebP reader, whatever the ffmpeg in use decodes.
 */
let dir: string;
let pool: OcrPool;
const ffmpegPath = resolveFfmpeg().path;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onscreen-formats-'));
  pool = await createOcrPool({ languages: 'eng', size: 2 });
});
afterAll(async () => {
  await pool?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('every accepted format is read', () => {
  for (const format of Object.keys(CLIP_FORMATS) as ClipFormat[]) {
    it(`${format}: both lines, at their times`, async () => {
      const file = join(dir, `clip-${format}${CLIP_FORMATS[format].ext}`);
      const truth = await makeFormatClip(format, file, { ffmpegPath: testkitFfmpeg() });
      const result = await extractSegments(file, { pool, ffmpegPath });
      // a GIF lasts as long as its frames' delays say (the last one is the muxer's choice)
      expect(Math.abs(result.durationMs - truth.durationMs)).toBeLessThanOrEqual(format === 'gif' ? 600 : 100);
      for (const line of truth.lines) {
        const segment = result.segments.find((s) => wordsOf(s.text) === wordsOf(line.text));
        expect(segment, `"${line.text}" in ${format}: ${result.segments.map((s) => s.text).join(' | ')}`).toBeDefined();
        expect(Math.abs((segment?.startMs ?? -1e6) - line.startMs), `start of "${line.text}"`).toBeLessThanOrEqual(500);
        // on screen to the end, a GIF's long-held last frame included. The animated WebP's encoder codes the
        // lines' region again at 3 s (the H.264 source's keyframe), a little differently: the second line's
        // segment ends there, one sample early, since frame selection does not read the region again
        const lastEndMs = Math.max(...result.segments.filter((s) => wordsOf(s.text) === wordsOf(line.text)).map((s) => s.endMs));
        const endToleranceMs = format === 'webp-animated' ? 1100 : 600;
        expect(lastEndMs, `end of "${line.text}"`).toBeGreaterThanOrEqual(result.durationMs - endToleranceMs);
      }
    });
  }
});

describe('formats refused by name, damage told apart', () => {
  const refusedBy = async (file: string) => {
    const error = await probeMedia(file, { ffprobePath: ffmpegPath }).catch((e: unknown) => e);
    expect(isOnscreenError(error), String(error)).toBe(true);
    return error as { code: string; message: string; details?: { format?: string } };
  };
  const ff = (args: string[]) => runProcess(ffmpegPath, ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args], {});

  it('still images: PNG, JPEG, a one-frame GIF, a still WebP', async () => {
    const cases: Array<[string, string[], string]> = [
      ['still.png', [], 'PNG image'],
      ['still.jpg', [], 'JPEG image'],
      ['still.gif', [], 'GIF image'],
      ['still.webp', ['-c:v', 'libwebp'], 'WebP image'],
    ];
    for (const [name, codec, format] of cases) {
      const file = join(dir, name);
      const made = await ff(['-f', 'lavfi', '-i', 'testsrc=size=64x64', '-frames:v', '1', ...codec, file]);
      expect(made.exitCode, made.stderrTail).toBe(0);
      const error = await refusedBy(file);
      expect(error.code, `${name}: ${error.message}`).toBe(ErrorCode.UNSUPPORTED_FORMAT);
      expect(error.details?.format).toBe(format);
      expect(error.message).toContain(format);
    }
  });

  it('playlists, stream descriptions and stream links never reach ffmpeg', async () => {
    const cases: Array<[string, string]> = [
      ['#EXTM3U\n#EXTINF:10,\nhttp://127.0.0.1:9/x.ts\n', 'M3U/HLS playlist'],
      ["ffconcat version 1.0\nfile '/etc/passwd'\n", 'ffconcat list'],
      ['[playlist]\nFile1=http://127.0.0.1:9/a.mp4\n', 'PLS playlist'],
      ['v=0\no=- 0 0 IN IP4 127.0.0.1\ns=x\nm=video 5004 RTP/AVP 96\n', 'SDP stream description'],
      ['rtmp://127.0.0.1/live/stream\n', 'rtmp:// stream link'],
      ['<?xml version="1.0"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011"></MPD>\n', 'DASH manifest (MPD)'],
    ];
    for (const [i, [content, format]] of cases.entries()) {
      const file = join(dir, `list-${i}.mp4`);
      await writeFile(file, content);
      const error = await refusedBy(file);
      expect(error.code, format).toBe(ErrorCode.UNSUPPORTED_FORMAT);
      expect(error.details?.format).toBe(format);
    }
  });

  it('a GIF or an animated WebP cut short is damaged, a text file is not media', async () => {
    const gif = join(dir, 'clip-gif.gif');
    await makeFormatClip('gif', gif, { ffmpegPath: testkitFfmpeg() });
    const cut = join(dir, 'cut.gif');
    await writeFile(cut, (await readFile(gif)).subarray(0, 10));
    expect((await refusedBy(cut)).code).toBe(ErrorCode.CORRUPT_MEDIA);
    const webp = join(dir, 'clip-webp.webp');
    await makeFormatClip('webp-animated', webp, { ffmpegPath: testkitFfmpeg() });
    const cutWebp = join(dir, 'cut.webp');
    const whole = await readFile(webp);
    await writeFile(cutWebp, whole.subarray(0, Math.round(whole.length * 0.6)));
    const damaged = await refusedBy(cutWebp);
    expect(damaged.code).toBe(ErrorCode.CORRUPT_MEDIA);
    expect(damaged.message).toMatch(
      /^The animated WebP is cut short: the file ends (?:inside|after) frame \d+,? after \d+ of the \d+ bytes/,
    );
    const text = join(dir, 'notes.mp4');
    await writeFile(text, 'Good morning. This is not a video at all.\n');
    expect((await refusedBy(text)).code).toBe(ErrorCode.NOT_MEDIA);
  });
});
