/**
 * Which ffmpeg/ffprobe the testkit runs. The testkit does not resolve binaries itself (that is
 * @onscreen/indexer's job, and the indexer's tests depend on the testkit): whoever starts a run hands
 * the resolved paths down through the environment — vitest's global setup for tests, the entry point
 * of the benchmarks and the soak harness otherwise (see `testkitBinaryEnv`).
 */
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

/** The environment entries that hand resolved binaries to the testkit (and to child processes). */
export function testkitBinaryEnv(binaries: { ffmpegPath: string; ffprobePath: string }): Record<string, string> {
  return { [TESTKIT_FFMPEG_ENV]: binaries.ffmpegPath, [TESTKIT_FFPROBE_ENV]: binaries.ffprobePath };
}
