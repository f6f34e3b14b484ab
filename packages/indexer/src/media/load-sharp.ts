import { ErrorCode, OnscreenError } from '@onscreen/core';

type Sharp = (typeof import('sharp'))['default'];

let loading: Promise<Sharp> | undefined;

/**
 * sharp (libvips), loaded the first time an animated WebP is read and never before: its native module
 * takes time to load that a command which reads no WebP (`onscreen --help`, an MP4) should not pay.
 * When it cannot load (a platform without its prebuilt binaries), the file is refused naming that cause.
 */
export function loadSharp(): Promise<Sharp> {
  loading ??= import('sharp').then(
    (module) => module.default,
    (cause: unknown) => {
      loading = undefined; // a later call may find it installed
      const why = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
      throw new OnscreenError(
        ErrorCode.UNSUPPORTED_FORMAT,
        `The file is an animated WebP image: reading it needs the sharp package, which cannot be loaded here (${why}).`,
        { cause, details: { format: 'animated WebP image', kind: 'container' } },
      );
    },
  );
  return loading;
}
