import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runProcess } from '@onscreen/indexer';
import { createSeededRandom, makeBadMedia, makeVideo, slideDeck } from '@onscreen/testkit';

/** One hostile upload: the bytes on disk, the name the client claims, and what kind of damage it carries. */
export interface CorpusFile {
  kind: CorpusKind;
  file: string;
  uploadName: string;
}

export type CorpusKind =
  | 'truncated'
  | 'zero-bytes'
  | 'random-bytes'
  | 'wrong-container'
  | 'audio-only'
  | 'tiny-frame'
  | 'huge-frame'
  | 'huge-duration'
  | 'header-corrupt'
  | 'playlist';

export const VIDEO_EXTENSIONS = ['.mp4', '.mkv', '.webm', '.mov', '.avi'] as const;

export interface CorpusOptions {
  dir: string;
  ffmpegPath: string;
  /** A file already in the service's media dir: concat/playlist files point at it (relative name). */
  neighbourFileName: string;
  /** A local HTTP server that must receive no request. */
  trapUrl: string;
}

const bytesOf = (seed: number, sizeBytes: number) => {
  const r = createSeededRandom(seed);
  return Buffer.from(Array.from({ length: sizeBytes }, () => r.int(0, 255)));
};

/** Builds ≥ 200 bad files in `dir` with a handful of ffmpeg calls; everything else is byte surgery. */
export async function buildBadMediaCorpus(options: CorpusOptions): Promise<CorpusFile[]> {
  const { dir } = options;
  const ff = (args: string[]) =>
    runProcess(options.ffmpegPath, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args], { timeoutMs: 60_000 });
  const out: CorpusFile[] = [];
  let n = 0;
  const add = async (kind: CorpusKind, content: Buffer | string, uploadName: string) => {
    const file = join(dir, `c${(n++).toString().padStart(3, '0')}-${kind}${uploadName.slice(uploadName.lastIndexOf('.'))}`);
    await writeFile(file, content);
    out.push({ kind, file, uploadName });
  };

  // bases: one tiny slide video, remuxed into each container (moov at the end for one mp4)
  const base = join(dir, 'base.mp4');
  await makeVideo(slideDeck({ durationS: 2, width: 320, height: 180, keyframeIntervalS: 1 }), base);
  const remux = async (name: string, extra: string[]) => {
    await ff(['-i', base, '-c', 'copy', ...extra, join(dir, name)]);
    return readFile(join(dir, name));
  };
  const webmFile = join(dir, 'base.webm');
  await ff(['-f', 'lavfi', '-i', 'testsrc=size=160x90:rate=10', '-t', '1', '-c:v', 'libvpx', '-b:v', '100k', webmFile]);
  const bases: Record<string, Buffer> = {
    '.mp4': await readFile(base),
    '.tail.mp4': await remux('base-tail.mp4', []),
    '.mkv': await remux('base.mkv', []),
    '.mov': await remux('base.mov', ['-f', 'mov']),
    '.avi': await remux('base.avi', []),
    '.webm': await readFile(webmFile),
  };

  // truncated at many offsets: the first bytes of a header, then fractions of the file
  for (const [ext, bytes] of Object.entries(bases)) {
    const offsets = [1, 7, 16, 64, 300, 1000, ...[0.1, 0.3, 0.5, 0.7, 0.9, 0.99].map((f) => Math.floor(bytes.length * f))];
    for (const offset of offsets) await add('truncated', bytes.subarray(0, offset), `cut${offset}${ext.replace('.tail', '')}`);
  }
  for (const ext of VIDEO_EXTENSIONS) await add('zero-bytes', Buffer.alloc(0), `empty${ext}`);
  for (const [i, sizeBytes] of [1, 100, 4096, 65_536, 300_000, 1_000_000].entries()) {
    for (const [j, ext] of VIDEO_EXTENSIONS.entries())
      await add('random-bytes', bytesOf(100 + i * 10 + j, sizeBytes), `noise${sizeBytes}${ext}`);
  }
  // random bytes behind a real container signature: "corrupt", not "not media"
  for (const [i, magic] of [
    Buffer.from('\0\0\0\x18ftypisom', 'latin1'),
    Buffer.from([0x1a, 0x45, 0xdf, 0xa3]),
    Buffer.from('RIFF\0\0\0\0AVI ', 'latin1'),
  ].entries()) {
    await add('random-bytes', Buffer.concat([magic, bytesOf(200 + i, 20_000)]), `magic${i}.mp4`);
  }
  await addWrongContainers(add, ff, dir, bases['.mp4'] as Buffer);
  await addAudioOnly(add, ff, dir);
  await addFrameSizes(add, ff, dir);
  await addHugeDurations(add, ff, dir, base, bases['.mkv'] as Buffer);
  await addCorruptHeaders(add, bases['.mp4'] as Buffer, bases['.mkv'] as Buffer);
  await addPlaylists(add, options);
  return out;
}

type Add = (kind: CorpusKind, content: Buffer | string, uploadName: string) => Promise<void>;
type Ff = (args: string[]) => Promise<unknown>;

async function addWrongContainers(add: Add, ff: Ff, dir: string, mp4: Buffer) {
  const png = join(dir, 'x.png');
  const jpg = join(dir, 'x.jpg');
  const gif = join(dir, 'x.gif');
  await ff(['-f', 'lavfi', '-i', 'testsrc=size=64x64', '-frames:v', '1', png]);
  await ff(['-f', 'lavfi', '-i', 'testsrc=size=64x64', '-frames:v', '1', jpg]);
  // one frame: a still GIF (an animated one is a video onscreen reads)
  await ff(['-f', 'lavfi', '-i', 'testsrc=size=64x64', '-frames:v', '1', gif]);
  const zipHeader = Buffer.from('PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0', 'latin1');
  const kinds: Array<[string, Buffer | string]> = [
    ['png', await readFile(png)],
    ['jpeg', await readFile(jpg)],
    ['gif', await readFile(gif)],
    ['pdf', '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'],
    ['zip', Buffer.concat([zipHeader, Buffer.from('clip.mp4'), mp4])],
    ['gzip', gzipSync(mp4)],
    ['html', '<!doctype html><title>x</title><script>alert(1)</script>'],
    ['json', JSON.stringify({ title: 'not a video', frames: [1, 2, 3] })],
    ['svg', '<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/hostname"/></svg>'],
    ['elf', Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01', 'latin1'), Buffer.alloc(500)])],
    ['script', '#!/bin/sh\necho pwned > /tmp/onscreen-pwned\n'],
    ['text', 'Quarterly revenue grew 12%. This is not a video.\n'],
  ];
  for (const [name, content] of kinds) {
    for (const ext of ['.mp4', '.mov']) await add('wrong-container', content, `${name}${ext}`);
  }
}

async function addAudioOnly(add: Add, ff: Ff, dir: string) {
  const m4a = join(dir, 'a.m4a');
  await makeBadMedia('audio-only', m4a);
  const wav = join(dir, 'a.wav');
  await ff(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', wav]);
  const mka = join(dir, 'a.mka');
  await ff(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'flac', '-f', 'matroska', mka]);
  for (const [file, name] of [
    [m4a, 'song.mp4'],
    [wav, 'wave.mp4'],
    [wav, 'wave.avi'],
    [mka, 'song.mkv'],
  ] as const)
    await add('audio-only', await readFile(file), name);
}

async function addFrameSizes(add: Add, ff: Ff, dir: string) {
  const one = join(dir, 'one.mkv');
  await ff(['-f', 'lavfi', '-i', 'color=c=white:size=16x16:rate=5', '-t', '1', '-vf', 'scale=1:1', '-c:v', 'ffv1', one]);
  await add('tiny-frame', await readFile(one), 'one-pixel.mkv');
  // 8000×8000 and 6000×64: one frame each, mpeg4 at the lowest quality keeps them small
  for (const size of ['8000x8000', '6000x64']) {
    const big = join(dir, `big-${size}.mp4`);
    await ff(['-f', 'lavfi', '-i', `color=size=${size}:rate=25`, '-frames:v', '1', '-c:v', 'mpeg4', '-q:v', '31', big]);
    await add('huge-frame', await readFile(big), `huge-${size}.mp4`);
  }
}

async function addHugeDurations(add: Add, ff: Ff, dir: string, base: string, mkv: Buffer) {
  // the Matroska Duration element (ID 0x4489) patched to a billion seconds (~32 years)
  const at = mkv.indexOf(Buffer.from([0x44, 0x89]));
  const patched = Buffer.from(mkv);
  const size = (patched[at + 2] ?? 0x88) & 0x7f;
  if (size === 8) patched.writeDoubleBE(1e12, at + 3);
  else patched.writeFloatBE(1e12, at + 3);
  await add('huge-duration', patched, 'years.mkv');
  for (const [ext, format] of [
    ['.mkv', 'matroska'],
    ['.ts', 'mpegts'],
  ] as const) {
    const shifted = join(dir, `shifted${ext}`);
    await ff(['-itsoffset', '100000000', '-i', base, '-c', 'copy', '-f', format, shifted]);
    await add('huge-duration', await readFile(shifted), `shifted${ext === '.ts' ? '.mp4' : ext}`);
  }
}

async function addCorruptHeaders(add: Add, mp4: Buffer, mkv: Buffer) {
  // 16 random bytes over the container header at spread offsets: box sizes, box types, stsd, avcC …
  const moovEnd = Math.min(mp4.indexOf('mdat') + 8, mp4.length);
  for (let i = 0; i < 40; i += 1) {
    const copy = Buffer.from(mp4);
    bytesOf(400 + i, 16).copy(copy, Math.floor((moovEnd - 16) * (i / 40)));
    await add('header-corrupt', copy, `flipped${i}.mp4`);
  }
  const clusterAt = mkv.indexOf(Buffer.from([0x1f, 0x43, 0xb6, 0x75]));
  for (let i = 0; i < 10; i += 1) {
    const copy = Buffer.from(mkv);
    bytesOf(500 + i, 16).copy(copy, Math.floor(Math.max(clusterAt - 16, 0) * (i / 10)));
    await add('header-corrupt', copy, `flipped${i}.mkv`);
  }
}

async function addPlaylists(add: Add, { neighbourFileName, trapUrl }: CorpusOptions) {
  const hls = (uri: string) => `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n${uri}\n#EXT-X-ENDLIST\n`;
  const files: Array<[string, string]> = [
    ["ffconcat version 1.0\nfile '/etc/passwd'\n", 'passwd.mp4'],
    [`ffconcat version 1.0\nfile '${neighbourFileName}'\n`, 'neighbour.mp4'],
    [`ffconcat version 1.0\nfile '${neighbourFileName}'\n`, 'neighbour.ffconcat'],
    [`ffconcat version 1.0\nfile '${trapUrl}/concat.mp4'\n`, 'remote.mp4'],
    [hls(`${trapUrl}/x.ts`), 'remote.m3u8'],
    [hls(`${trapUrl}/x.ts`), 'remote-hls.mp4'],
    [hls('file:///etc/hostname'), 'hostname.m3u8'],
    [hls(neighbourFileName), 'neighbour.m3u8'],
    [`v=0\no=- 0 0 IN IP4 127.0.0.1\ns=x\nc=IN IP4 127.0.0.1\nt=0 0\nm=video 5004 RTP/AVP 96\na=rtpmap:96 H264/90000\n`, 'stream.sdp'],
    [`v=0\no=- 0 0 IN IP4 127.0.0.1\ns=x\nc=IN IP4 127.0.0.1\nt=0 0\nm=video 5004 RTP/AVP 96\na=rtpmap:96 H264/90000\n`, 'stream.mp4'],
    [`#EXTM3U\n${trapUrl}/list.mp4\n`, 'list.m3u'],
    [`[playlist]\nFile1=${trapUrl}/pls.mp4\nNumberOfEntries=1\n`, 'list.pls'],
  ];
  for (const [content, name] of files) await add('playlist', content, name);
}
