import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runProcess } from '@onscreen/indexer';
import { resolveFontFile } from '@onscreen/testkit';
import type { RealClip } from './manifest.js';

/**
 * Burns a film's own subtitle file into a stretch of the film with libass (ffmpeg's `subtitles`
 * filter), in DejaVu Sans from npm so no system font is assumed, as H.264 in MP4. The film and the text
 * are the sources'; only the burn-in is ours.
 */
export async function burnInSubtitles(
  ffmpegPath: string,
  film: Uint8Array,
  subtitles: Uint8Array,
  burnIn: NonNullable<RealClip['burnIn']>,
  outFile: string,
): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'onscreen-burn-in-'));
  try {
    const filmFile = join(work, 'film');
    const subtitleFile = join(work, `subtitles${burnIn.path.slice(burnIn.path.lastIndexOf('.'))}`);
    await writeFile(filmFile, film);
    await writeFile(subtitleFile, subtitles);
    const fontsDir = dirname(resolveFontFile());
    // the filter's own escaping: its arguments are ':'-separated and quoted with '
    const filter = `subtitles=filename='${subtitleFile}':fontsdir='${fontsDir}':force_style='${burnIn.style}'`;
    const seconds = (ms: number) => (ms / 1000).toFixed(3);
    const result = await runProcess(ffmpegPath, [
      ...['-hide_banner', '-nostdin', '-v', 'error', '-y'],
      ...['-i', `file:${filmFile}`],
      // the cue times stay the film's: the stretch is cut after the subtitles are drawn
      ...['-vf', `${filter},trim=start=${seconds(burnIn.fromMs)}:end=${seconds(burnIn.toMs)},setpts=PTS-STARTPTS`],
      ...['-an', '-c:v', 'libx264', '-preset', 'medium', '-crf', '23', '-pix_fmt', 'yuv420p', '-movflags', '+faststart'],
      `file:${outFile}`,
    ]);
    if (result.exitCode !== 0) throw new Error(`ffmpeg could not burn the subtitles in (exit ${result.exitCode}): ${result.stderrTail}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
