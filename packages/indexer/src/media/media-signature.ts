/**
 * What a file is, told from its first bytes, for the formats onscreen refuses by name (still images,
 * playlists, stream descriptions, links to network streams, containers it does not open) and for the
 * image animations it reads (animated GIF, APNG, animated WebP), whose still siblings share their
 * signature. A refused file never reaches ffmpeg: a playlist would make it open other files.
 */

export interface RefusedFormat {
  /** The format, as a person would name it: `PNG image`, `HLS playlist`, `RTMP stream link`. */
  format: string;
  kind: 'still image' | 'playlist' | 'network stream' | 'container';
}

const ascii = (head: Buffer, offset: number, length: number) => head.subarray(offset, offset + length).toString('latin1');
const startsWith = (head: Buffer, bytes: number[], offset = 0) => bytes.every((b, i) => head[offset + i] === b);

/** The chunk types of a PNG, in order, as far as `head` holds them. */
function pngChunks(head: Buffer): string[] {
  const types: string[] = [];
  let at = 8;
  while (at + 8 <= head.length && types.length < 64) {
    const length = head.readUInt32BE(at);
    const type = ascii(head, at + 4, 4);
    types.push(type);
    if (type === 'IDAT' || type === 'IEND') break;
    at += 12 + length;
  }
  return types;
}

/** An animated PNG announces itself with an acTL chunk before its first image data. */
export function isAnimatedPng(head: Buffer): boolean {
  return startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) && pngChunks(head).includes('acTL');
}

export function isWebp(head: Buffer): boolean {
  return ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP';
}

/** An animated WebP has an extended header (VP8X) with the animation flag, and ANIM/ANMF chunks. */
export function isAnimatedWebp(head: Buffer): boolean {
  if (!isWebp(head)) return false;
  const animationFlag = ascii(head, 12, 4) === 'VP8X' && ((head[20] ?? 0) & 0x02) !== 0;
  return animationFlag || head.includes(Buffer.from('ANIM', 'latin1'));
}

export const isGif = (head: Buffer): boolean => ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a';

/** The sizes a BMP's info header can have (offset 14): "BM" alone is too common a start. */
const BMP_HEADER_SIZES = new Set([12, 40, 52, 56, 108, 124]);

/** ISO base media brands of still images (HEIF, AVIF); `avis` is an AVIF image sequence. */
const IMAGE_BRANDS: Record<string, string> = {
  heic: 'HEIC image',
  heix: 'HEIC image',
  mif1: 'HEIF image',
  msf1: 'HEIF image sequence',
  hevc: 'HEIF image sequence',
  avif: 'AVIF image',
  avis: 'AVIF image sequence',
};

const TEXT_SIGNATURES: ReadonlyArray<{ test: RegExp; refused: RefusedFormat }> = [
  { test: /^#EXTM3U/, refused: { format: 'M3U/HLS playlist', kind: 'playlist' } },
  { test: /^\[playlist\]/i, refused: { format: 'PLS playlist', kind: 'playlist' } },
  { test: /^ffconcat version/, refused: { format: 'ffconcat list', kind: 'playlist' } },
  { test: /^(?:#[^\n]*\n|\s)*file\s+'/, refused: { format: 'concat list', kind: 'playlist' } },
  { test: /^(?:<\?xml[^>]*>\s*)?<MPD[\s>]/, refused: { format: 'DASH manifest (MPD)', kind: 'playlist' } },
  { test: /^(?:<\?xml[^>]*>\s*)?<playlist[\s>][\s\S]*xspf/i, refused: { format: 'XSPF playlist', kind: 'playlist' } },
  { test: /^\s*<asx[\s>]/i, refused: { format: 'ASX playlist', kind: 'playlist' } },
  { test: /^v=0\r?\no=/, refused: { format: 'SDP stream description', kind: 'network stream' } },
  { test: /^(?:<\?xml[^>]*>\s*)?<svg[\s>]/i, refused: { format: 'SVG image', kind: 'still image' } },
];

/** A file that holds nothing but a link to a stream: `rtmp://…`, `rtsp://…`, `srt://…`, `http://…`. */
const STREAM_LINK = /^\s*([a-z][a-z0-9+.-]{1,15}):\/\/\S+\s*$/i;

function refusedImage(head: Buffer): RefusedFormat | undefined {
  const still = (format: string): RefusedFormat => ({ format, kind: 'still image' });
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47])) return isAnimatedPng(head) ? undefined : still('PNG image');
  if (startsWith(head, [0xff, 0xd8, 0xff])) return still('JPEG image');
  if (ascii(head, 0, 2) === 'BM' && head.length >= 26 && BMP_HEADER_SIZES.has(head.readUInt32LE(14))) return still('BMP image');
  if (ascii(head, 0, 4) === 'II*\0' || ascii(head, 0, 4) === 'MM\0*') return still('TIFF image');
  if (isWebp(head)) return isAnimatedWebp(head) ? undefined : still('WebP image');
  if (ascii(head, 4, 4) === 'ftyp') {
    const brand = IMAGE_BRANDS[ascii(head, 8, 4)];
    if (brand !== undefined) return { format: brand, kind: brand.endsWith('sequence') ? 'container' : 'still image' };
  }
  if (startsWith(head, [0, 0, 1, 0]) && head.length > 6 && (head[4] ?? 0) > 0) return still('ICO image');
  return undefined;
}

function refusedContainer(head: Buffer): RefusedFormat | undefined {
  const container = (format: string): RefusedFormat => ({ format, kind: 'container' });
  if (startsWith(head, [0x06, 0x0e, 0x2b, 0x34])) return container('MXF');
  if (ascii(head, 0, 4) === 'DKIF') return container('IVF');
  if (ascii(head, 0, 9) === 'YUV4MPEG2') return container('YUV4MPEG');
  if (ascii(head, 0, 8) === 'nut/mult') return container('NUT');
  return undefined;
}

function refusedText(head: Buffer): RefusedFormat | undefined {
  const text = head
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  for (const { test, refused } of TEXT_SIGNATURES) if (test.test(text)) return refused;
  const link = STREAM_LINK.exec(text);
  if (link?.[1] !== undefined) return { format: `${link[1].toLowerCase()}:// stream link`, kind: 'network stream' };
  return undefined;
}

/** The refused format a file's first bytes show, or undefined when they show none (it may be a video). */
export function refusedFormatOf(head: Buffer): RefusedFormat | undefined {
  return refusedImage(head) ?? refusedContainer(head) ?? refusedText(head);
}
