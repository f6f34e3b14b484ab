/**
 * Which ffmpeg/ffprobe the testkit runs. The testkit does not resolve binaries itself (that is
 * @onscreen/indexer's job, and the indexer's tests depend on the testkit): whoever starts a run hands
 * the resolved paths down through the environment — vitest's global setup for tests, the entry point
 * of the benchmarks and the soak harness otherwise (see `testkitBinaryEnv`).
 */
import { createRequire } from 'node:module';

export const TESTKIT_FFMPEG_ENV = 'ONSCREEN_TESTKIT_FFMPEG';
export const TESTKIT_FFPROBE_ENV = 'ONSCREEN_TESTKIT_FFPROBE';

function fromEnv(name: string, what: string): string {
  const path = process.env[name];
  if (path === undefined || path === '') {
    throw new Error(
      `${what} for the testkit is not set: put its path in ${name} (test/global-setup.ts and the benchmark entry points do).`,
    );
  }
  return path;
}

export const testkitFfmpeg = (): string => fromEnv(TESTKIT_FFMPEG_ENV, 'ffmpeg');
export const testkitFfprobe = (): string => fromEnv(TESTKIT_FFPROBE_ENV, 'ffprobe');

/**
 * The ffprobe inside @ffprobe-installer/ffprobe. The testkit inspects the videos it makes with an
 * ffprobe (packets, streams); the indexer pairs no ffprobe of another build with its ffmpeg and probes
 * with that ffmpeg instead, so when it has no ffprobe the testkit uses this one.
 */
export function bundledFfprobe(): string {
  return (createRequire(import.meta.url)('@ffprobe-installer/ffprobe') as { path: string }).path;
}

/**
 * The environment entries that hand resolved binaries to the testkit (and to child processes). An
 * `ffprobePath` that is the ffmpeg itself (the indexer's probe without an ffprobe) becomes bundledFfprobe().
 */
export function testkitBinaryEnv(binaries: { ffmpegPath: string; ffprobePath: string }): Record<string, string> {
  const ffprobePath = binaries.ffprobePath === binaries.ffmpegPath ? bundledFfprobe() : binaries.ffprobePath;
  return { [TESTKIT_FFMPEG_ENV]: binaries.ffmpegPath, [TESTKIT_FFPROBE_ENV]: ffprobePath };
}
