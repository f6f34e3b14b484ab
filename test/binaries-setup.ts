/**
 * vitest globalSetup of every project: resolves ffmpeg/ffprobe once, the way the indexer does, and hands
 * them to the testkit through its environment variables (test workers inherit this process's
 * environment). Loaded through the project's SSR environment for the `source` export condition (see
 * global-setup.ts).
 */
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

type BinariesModule = typeof import('../packages/indexer/src/media/binaries.js');
type TestkitBinariesModule = typeof import('../packages/testkit/src/binaries.js');

export default async function setup(project: TestProject): Promise<void> {
  const load = async <T>(path: string) => (await project.vite.ssrLoadModule(fileURLToPath(new URL(path, import.meta.url)))) as T;
  const { resolveFfmpeg, resolveFfprobe } = await load<BinariesModule>('../packages/indexer/src/media/binaries.ts');
  const { testkitBinaryEnv } = await load<TestkitBinariesModule>('../packages/testkit/src/binaries.ts');
  const ffmpegPath = resolveFfmpeg().path;
  Object.assign(process.env, testkitBinaryEnv({ ffmpegPath, ffprobePath: resolveFfprobe({ ffmpegPath }).path }));
}
