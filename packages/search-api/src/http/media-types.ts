import { open } from 'node:fs/promises';
import { extname } from 'node:path';

/**
 * Stored names and served types come from the probed container, never from the client's file name: a
 * video named `x.html` is stored as `<id>.mp4` and served as `video/mp4`. Only the extensions in this
 * table are ever written; a stored file with any other extension (an upload from before this rule) is
 * served as an `application/octet-stream` attachment. None of these types is one a browser runs.
 */
export interface MediaContainer {
  /** With the dot: `.mp4`. */
  ext: string;
  contentType: string;
}

const CONTAINERS = {
  mp4: { ext: '.mp4', contentType: 'video/mp4' },
  mov: { ext: '.mov', contentType: 'video/quicktime' },
  '3gp': { ext: '.3gp', contentType: 'video/3gpp' },
  '3g2': { ext: '.3g2', contentType: 'video/3gpp2' },
  webm: { ext: '.webm', contentType: 'video/webm' },
  mkv: { ext: '.mkv', contentType: 'video/x-matroska' },
  avi: { ext: '.avi', contentType: 'video/x-msvideo' },
  ts: { ext: '.ts', contentType: 'video/mp2t' },
  mpg: { ext: '.mpg', contentType: 'video/mpeg' },
  flv: { ext: '.flv', contentType: 'video/x-flv' },
  ogv: { ext: '.ogv', contentType: 'video/ogg' },
  wmv: { ext: '.wmv', contentType: 'video/x-ms-wmv' },
  gif: { ext: '.gif', contentType: 'image/gif' },
  webp: { ext: '.webp', contentType: 'image/webp' },
  apng: { ext: '.apng', contentType: 'image/apng' },
} as const satisfies Record<string, MediaContainer>;

/** Anything the table does not know: stored as `.bin`, served as a download. */
export const UNKNOWN_CONTAINER: MediaContainer = { ext: '.bin', contentType: 'application/octet-stream' };

const BY_EXT = new Map<string, MediaContainer>(Object.values(CONTAINERS).map((c) => [c.ext, c]));

/**
 * The file's first 64 bytes. The ftyp major brand (bytes 8–11) or the EBML DocType tells members of one
 * ffprobe format apart; the VP8X flags tell an animated WebP.
 */
export async function headOf(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(64);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function isoContainer(head: Buffer): MediaContainer {
  const brand = head.subarray(4, 8).toString('latin1') === 'ftyp' ? head.subarray(8, 12).toString('latin1') : '';
  if (brand === 'qt  ') return CONTAINERS.mov;
  if (brand.startsWith('3g2')) return CONTAINERS['3g2'];
  if (brand.startsWith('3gp')) return CONTAINERS['3gp'];
  return CONTAINERS.mp4;
}

/** The container of a probed file from ffprobe's `format_name` and the file's first bytes. */
export async function containerOf(formatName: string, file: string): Promise<MediaContainer> {
  const names = new Set(formatName.split(','));
  if (names.has('mov') || names.has('mp4')) return isoContainer(await headOf(file));
  if (names.has('matroska') || names.has('webm')) {
    // EBML DocType element (0x42 0x82), then its size and the type: "webm" or "matroska"
    return (await headOf(file)).includes(Buffer.from([0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6d])) ? CONTAINERS.webm : CONTAINERS.mkv;
  }
  if (names.has('avi')) return CONTAINERS.avi;
  if (names.has('mpegts')) return CONTAINERS.ts;
  if (names.has('mpeg')) return CONTAINERS.mpg;
  if (names.has('flv')) return CONTAINERS.flv;
  if (names.has('ogg')) return CONTAINERS.ogv;
  if (names.has('asf')) return CONTAINERS.wmv;
  if (names.has('gif')) return CONTAINERS.gif;
  if (names.has('webp') || names.has('webp_pipe')) return CONTAINERS.webp;
  if (names.has('apng')) return CONTAINERS.apng;
  return UNKNOWN_CONTAINER;
}

/** How a stored media file is served: its type by the server-chosen extension, else a download. */
export function servedContainerOf(filePath: string): { container: MediaContainer; known: boolean } {
  const known = BY_EXT.get(extname(filePath).toLowerCase());
  return known ? { container: known, known: true } : { container: UNKNOWN_CONTAINER, known: false };
}
