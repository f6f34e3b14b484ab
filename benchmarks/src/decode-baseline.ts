import { spawn } from 'node:child_process';

/** Wall time of ffmpeg alone decoding every frame of the video (the floor any extraction sits on). */
export async function decodeOnlyMs(ffmpegPath: string, file: string, threads = 2): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      ffmpegPath,
      ['-hide_banner', '-nostdin', '-v', 'error', '-threads', String(threads), '-i', `file:${file}`, '-map', '0:v:0', '-f', 'null', '-'],
      { stdio: 'ignore' },
    );
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}`))));
  });
  return performance.now() - started;
}

/** Peak and per-half memory while a task runs, sampled every `everyMs`. */
export function sampleMemory(everyMs = 250) {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(process.memoryUsage().rss), everyMs);
  return {
    stop() {
      clearInterval(timer);
      const half = samples.slice(Math.floor(samples.length / 2));
      const q = Math.max(1, Math.floor(half.length / 4));
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
      return {
        peakRssBytes: Math.max(0, ...samples),
        /** RSS growth from the first to the last quarter of the second half, as a share. */
        secondHalfGrowth: half.length < 8 ? null : mean(half.slice(-q)) / mean(half.slice(0, q)) - 1,
      };
    },
  };
}
