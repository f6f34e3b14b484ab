import { resolveFfmpeg, resolveFfprobe } from '@onscreen/indexer';
import { testkitBinaryEnv } from '@onscreen/testkit';

/** Hands the indexer's ffmpeg/ffprobe to the testkit (it renders the soak videos); call before rendering. */
export function useTestkitBinaries(): void {
  const ffmpegPath = resolveFfmpeg().path;
  Object.assign(process.env, testkitBinaryEnv({ ffmpegPath, ffprobePath: resolveFfprobe({ ffmpegPath }).path }));
}
