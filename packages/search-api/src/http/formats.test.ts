import type { Segment } from '@onscreen/core';
import { describe, expect, it } from 'vitest';
import { labelsPreview, rankLabels } from './labels.js';
import { clientExtension } from './media-files.js';
import { momentThumbnailMs, snapThumbnailMs } from './thumbnails.js';
import { timestamp, toOcrJson, toSrt, toWebVtt } from './ocr-exports.js';

const seg = (text: string, startMs: number, endMs: number, confidence = 0.9, y = 0.1): Segment => ({
  id: `s-${text}-${startMs}`,
  entryId: 'e1',
  text,
  startMs,
  endMs,
  confidence,
  bbox: { x: 0.1, y, w: 0.5, h: 0.05 },
  language: 'eng',
});

describe('labels', () => {
  it('merges repeated texts and ranks by time on screen × confidence', () => {
    const labels = rankLabels([
      seg('Roadmap 2027', 0, 2000, 0.9),
      seg('Quarterly revenue grew 12%', 2000, 10_000, 0.8),
      seg('roadmap  2027', 12_000, 14_000, 0.7),
      seg('Footer', 0, 20_000, 0.2),
    ]);
    expect(labels.map((l) => l.text)).toEqual(['Quarterly revenue grew 12%', 'Footer', 'Roadmap 2027']);
    expect(labels[2]).toMatchObject({ onScreenMs: 4000, occurrences: 2, confidence: 0.8, salience: 3200, firstSeenMs: 0 });
  });

  it('previews three labels and counts the rest', () => {
    const labels = ['a', 'b', 'c', 'd', 'e'].map((text) => ({ text }));
    expect(labelsPreview(labels)).toBe('a, b, c … + 2 more');
    expect(labelsPreview(labels.slice(0, 2))).toBe('a, b');
    expect(labelsPreview([])).toBe('');
  });
});

describe('exports', () => {
  const segments = [seg('Revenue <up> & away', 1500, 4_000), seg('Line --> two', 3_723_004, 3_725_000)];
  it('formats timestamps for WebVTT and SRT', () => {
    expect(timestamp(3_723_004, '.')).toBe('01:02:03.004');
    expect(timestamp(999, ',')).toBe('00:00:00,999');
  });
  it('writes WebVTT with escaped cue text', () => {
    expect(toWebVtt(segments)).toBe(
      'WEBVTT\n\n00:00:01.500 --> 00:00:04.000\nRevenue &lt;up&gt; &amp; away\n\n01:02:03.004 --> 01:02:05.000\nLine -&gt; two\n',
    );
  });
  it('writes numbered SRT cues', () => {
    expect(toSrt(segments)).toBe(
      '1\n00:00:01,500 --> 00:00:04,000\nRevenue <up> & away\n\n2\n01:02:03,004 --> 01:02:05,000\nLine -> two\n',
    );
  });
  it('keeps boxes in the JSON export', () => {
    expect(toOcrJson('e1', segments).segments[0]).toEqual({
      id: segments[0]?.id,
      text: 'Revenue <up> & away',
      startMs: 1500,
      endMs: 4000,
      confidence: 0.9,
      bbox: { x: 0.1, y: 0.1, w: 0.5, h: 0.05 },
      language: 'eng',
    });
  });
});

describe('thumbnail times', () => {
  it('snaps to 500 ms inside the video', () => {
    expect(snapThumbnailMs(1249, 10_000)).toBe(1000);
    expect(snapThumbnailMs(1250, 10_000)).toBe(1500);
    expect(snapThumbnailMs(99_000, 10_000)).toBe(9500);
    expect(snapThumbnailMs(10_000, 10_000)).toBe(9500);
    expect(snapThumbnailMs(700, null)).toBe(500);
  });
  it('links a moment to a grid point inside its span', () => {
    expect(momentThumbnailMs(4033, 8000)).toBe(4500);
    expect(momentThumbnailMs(4000, 8000)).toBe(4000);
    expect(momentThumbnailMs(4100, 4300)).toBe(4100);
  });
  it("shows only plain extensions of the client's file name in messages", () => {
    expect(clientExtension('talk.MP4')).toBe('.mp4');
    expect(clientExtension('../../etc/passwd')).toBe('');
    expect(clientExtension(undefined)).toBe('');
  });
});
