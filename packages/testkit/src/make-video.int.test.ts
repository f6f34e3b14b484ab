import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testkitFfprobe } from './binaries.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captions, chart1080, lowContrast, lowerThirds, makeVideo, probeFile, slideDeck, spanish, type VideoSpec } from './index.js';
import { runProcess } from './run-ffmpeg.js';

const DURATION_S = 10;
const KINDS: Array<[string, (o: { durationS: number }) => VideoSpec, { width: number; height: number }]> = [
  ['slideDeck', slideDeck, { width: 1280, height: 720 }],
  ['lowerThirds', lowerThirds, { width: 1280, height: 720 }],
  ['chart1080', chart1080, { width: 1920, height: 1080 }],
  ['captions', captions, { width: 1280, height: 720 }],
  ['lowContrast', lowContrast, { width: 1280, height: 720 }],
  ['spanish', spanish, { width: 1280, height: 720 }],
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'testkit-int-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('makeVideo renders every kind with one ffmpeg call', () => {
  it.each(KINDS)('%s: 10 s H.264 with ground truth inside the duration', async (name, build, size) => {
    const file = join(dir, `${name}.mp4`);
    const truth = await makeVideo(build({ durationS: DURATION_S }), file);
    const probed = await probeFile(file);
    expect(probed.durationS).toBeGreaterThan(DURATION_S - 0.2);
    expect(probed.durationS).toBeLessThan(DURATION_S + 0.2);
    expect(probed.video).toMatchObject({ codec: 'h264', pixelFormat: 'yuv420p', fps: 25, ...size });
    expect(probed.audio?.codec).toBe('aac');
    expect(probed.sizeBytes).toBeGreaterThan(10_000);
    expect(truth).toMatchObject({ durationMs: 10_000, fps: 25, ...size });
    expect(truth.lines.length).toBeGreaterThanOrEqual(3);
    for (const line of truth.lines) {
      expect(line.startMs).toBeGreaterThanOrEqual(0);
      expect(line.endMs).toBeGreaterThan(line.startMs);
      expect(line.endMs).toBeLessThanOrEqual(truth.durationMs);
      expect(line.startMs % 40).toBe(0); // on 25 fps frame boundaries
      expect(line.bbox.x + line.bbox.w).toBeLessThanOrEqual(1);
      expect(line.bbox.y + line.bbox.h).toBeLessThanOrEqual(1);
    }
  });

  it('keeps punctuation literal and honours the keyframe interval', async () => {
    const spec = slideDeck({ durationS: 4, keyframeIntervalS: 1 });
    const tricky = "Margin: 12.5%, it's $4.2M \\ 100% [ok]; a=b";
    spec.texts.push({ ...(spec.texts[0] as VideoSpec['texts'][number]), text: tricky, yPx: 560, bold: false, fontSizePx: 34 });
    const file = join(dir, 'tricky.mp4');
    const truth = await makeVideo(spec, file);
    expect(truth.lines.map((line) => line.text)).toContain(tricky);
    expect((await probeFile(file)).durationS).toBeCloseTo(4, 1);
    const ffprobe = testkitFfprobe();
    const packetArgs = ['-v', 'error', '-select_streams', 'v', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', file];
    const packets = (await runProcess(ffprobe, packetArgs)).trim().split('\n');
    const keyframeTimesS = packets.filter((row) => row.includes('K')).map((row) => Number(row.split(',')[0]));
    expect(keyframeTimesS).toEqual([0, 1, 2, 3]);
  });

  it('rejects with ABORTED when the signal fires', async () => {
    const controller = new AbortController();
    const pending = makeVideo(chart1080({ durationS: 60 }), join(dir, 'aborted.mp4'), { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
