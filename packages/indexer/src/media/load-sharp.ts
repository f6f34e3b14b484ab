import { ErrorCode, OnscreenError } from '@onscreen/core';

type Sharp = typeof import('sharp')['default'];

let loading: Promise<Sharp> | undefined;

/**
 * sharp (libvips), loaded the first time an animated WebP is read and never before: its native module
 * takes time to load that a command which reads no WebP (`onscreen --help`, an MP4) should not pay.
 * It is an optional peer of @onscreen/indexer (its libvips binaries add ~19 MiB that a user who reads no
 * WebP should not install; @onscreen/search-api depends on it). When it is missing or cannot load (a
 * platform without its prebuilt binaries), the file is refused naming that cause.
 */
export function loadSharp(): Promise<Sharp> {
  loading ??= import('sharp').then(
    (module) => module.default,
    (cause: unknown) => {
      loading = undefined; // a later call may find it installed
      const why = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
      throw new OnscreenError(
        ErrorCode.UNSUPPORTED_FORMAT,
        `The file is an animated WebP image: reading it needs the sharp package, which cannot be loaded here (${why}); install it beside @onscreen/indexer (npm install sharp).`,
        { cause, details: { format: 'animated WebP image', kind: 'container' } },
      );
    },
  );
  return loading;
}
