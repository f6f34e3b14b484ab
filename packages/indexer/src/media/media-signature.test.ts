import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@onscreen/core';
import { isAnimatedPng, isAnimatedWebp, refusedFormatOf } from './media-signature.js';
import { ffmpegInputArgs } from './media-source.js';
import { parseFramecrc, parseProbeCsv } from './scan-frames.js';

const png = (...chunks: string[]) =>
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    ...chunks.map((type) => {
      const chunk = Buffer.alloc(12 + 4);
      chunk.writeUInt32BE(4, 0);
      chunk.write(type, 4, 'latin1');
      return chunk;
    }),
  ]);
const webp = (chunk: string, flags = 0) => {
  const head = Buffer.alloc(40);
  head.write('RIFF', 0, 'latin1');
  head.write('WEBP', 8, 'latin1');
  head.write(chunk, 12, 'latin1');
  head[20] = flags;
  return head;
};

describe('refusedFormatOf', () => {
  it('names still images and lets their animated siblings through', () => {
    expect(refusedFormatOf(png('IHDR', 'IDAT'))?.format).toBe('PNG image');
    expect(isAnimatedPng(png('IHDR', 'acTL', 'IDAT'))).toBe(true);
    expect(refusedFormatOf(png('IHDR', 'acTL', 'IDAT'))).toBeUndefined();
    expect(refusedFormatOf(webp('VP8 '))?.format).toBe('WebP image');
    expect(isAnimatedWebp(webp('VP8X', 0x02))).toBe(true);
    expect(refusedFormatOf(webp('VP8X', 0x02))).toBeUndefined();
    expect(refusedFormatOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))?.format).toBe('JPEG image');
    expect(refusedFormatOf(Buffer.from('GIF89a\x10\0\x10\0', 'latin1'))).toBeUndefined(); // frames decide
    const heic = Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1');
    expect(refusedFormatOf(heic)).toEqual({ format: 'HEIC image', kind: 'still image' });
    expect(refusedFormatOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))?.kind).toBe('still image');
  });

  it('names playlists, stream descriptions and stream links', () => {
    expect(refusedFormatOf(Buffer.from('#EXTM3U\n#EXT-X-VERSION:3\n'))?.kind).toBe('playlist');
    expect(refusedFormatOf(Buffer.from("# made by hand\nfile 'a.mp4'\nfile 'b.mp4'\n"))?.format).toBe('concat list');
    expect(refusedFormatOf(Buffer.from('\uFEFFffconcat version 1.0\n'))?.format).toBe('ffconcat list');
    expect(refusedFormatOf(Buffer.from('v=0\r\no=- 0 0 IN IP4 10.0.0.1\r\n'))?.kind).toBe('network stream');
    expect(refusedFormatOf(Buffer.from('  rtsp://camera.local:554/stream1 \n'))?.format).toBe('rtsp:// stream link');
  });

  it('leaves videos and ordinary text alone (their probe decides)', () => {
    expect(refusedFormatOf(Buffer.from('\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41', 'latin1'))).toBeUndefined();
    expect(refusedFormatOf(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86]))).toBeUndefined();
    expect(refusedFormatOf(Buffer.from('Meeting notes: see https://example.com/a and more text\n'))).toBeUndefined();
    expect(refusedFormatOf(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('frame scans', () => {
  it('framecrc: frames, and the length up to the end of the last frame', () => {
    const text =
      '#tb 0: 1/100\n#media_type 0: video\n0, 0, 0, 157, 1793, 0xd25d3a09\n0, 157, 157, 4, 1697, 0x9\n0, 389, 389, 100, 852, 0x7\n';
    expect(parseFramecrc(text)).toEqual({ frames: 3, durationMs: 4890, lastFrameMs: 1000 });
    expect(parseFramecrc('#tb 0: 1/100\n')).toEqual({ frames: 0, durationMs: 0, lastFrameMs: 0 });
  });

  it("ffprobe's csv, with N/A durations", () => {
    expect(parseProbeCsv('1.000000,0.500000\n1.500000,N/A\n2.000000,1.000000\n')).toEqual({
      frames: 3,
      durationMs: 2000,
      lastFrameMs: 1000,
    });
  });
});

describe('media URLs', () => {
  it('refuses a network stream by name, and takes http(s) with a protocol whitelist', () => {
    expect(() => ffmpegInputArgs(new URL('rtmp://127.0.0.1/live/stream'))).toThrow(
      expect.objectContaining({ code: ErrorCode.UNSUPPORTED_FORMAT, details: { format: 'rtmp:// stream', kind: 'network stream' } }),
    );
    expect(ffmpegInputArgs(new URL('https://api.example/v1/media/1'))).toContain('http,https,tcp,tls');
  });
});
