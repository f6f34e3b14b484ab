import type { ExtractedSegment } from '@onscreen/core';
import { describe, expect, it } from 'vitest';
import { normalizeForMatch, scoreRealSegments } from '../score.js';
import { loadRealManifest, REAL_KINDS, RealClipSchema } from './manifest.js';

const seg = (text: string, startMs: number, endMs: number, y = 0.1, h = 0.05): ExtractedSegment => ({
  text,
  startMs,
  endMs,
  confidence: 0.9,
  bbox: { x: 0.1, y, w: 0.5, h },
});

describe('the real-world corpus manifest', () => {
  it('loads, with unique ids, no clip from a repository kept aside, and lines that can be scored', async () => {
    const clips = await loadRealManifest();
    expect(clips.length).toBeGreaterThan(0);
    expect(new Set(clips.map((c) => c.id)).size).toBe(clips.length);
    for (const clip of clips) {
      expect(['charmbracelet/vhs', 'mifi/gifs']).not.toContain(clip.source.repo.toLowerCase());
      for (const line of clip.lines)
        expect(line.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0, `${clip.id}: ${line.text}`).toBeGreaterThanOrEqual(2);
    }
  });

  it('holds at least 30 clips and 400 lines, with every kind represented by at least 3 clips', async () => {
    const clips = await loadRealManifest();
    expect(clips.length).toBeGreaterThanOrEqual(30);
    expect(clips.reduce((n, c) => n + c.lines.length, 0)).toBeGreaterThanOrEqual(400);
    for (const kind of REAL_KINDS) expect(clips.filter((c) => c.kind === kind).length, kind).toBeGreaterThanOrEqual(3);
  });

  it("records the licence of a burnt-in subtitle file beside the film's", async () => {
    const burnt = (await loadRealManifest()).filter((c) => c.burnIn !== undefined);
    expect(burnt.length).toBeGreaterThan(0);
    const [clip] = burnt;
    const { licence: _dropped, ...withoutLicence } = clip?.burnIn ?? {};
    expect(RealClipSchema.safeParse({ ...clip, burnIn: withoutLicence }).success).toBe(false);
  });

  it('refuses a clip from a repository kept aside and a "small" clip taller than 360 px', async () => {
    const [clip] = await loadRealManifest();
    const aside = { ...clip, source: { ...clip?.source, repo: 'charmbracelet/vhs' } };
    expect(RealClipSchema.safeParse(aside).success).toBe(false);
    const tall = { ...clip, kind: 'small', media: { ...clip?.media, height: 600 } };
    expect(RealClipSchema.safeParse(tall).success).toBe(false);
  });
});

describe('scoring a real clip', () => {
  it('compares without the prompt, bullets, table borders, case or curly quotes', () => {
    expect(normalizeForMatch('> gat ./main.go')).toBe('gat ./main.go');
    expect(normalizeForMatch('user@host:~$  ls  -la')).toBe('ls -la');
    expect(normalizeForMatch('• You know the deal')).toBe('you know the deal');
    expect(normalizeForMatch('TABLES │ TOO')).toBe('tables too');
    expect(normalizeForMatch('It’s “fine”')).toBe('it\'s "fine"');
  });

  it('finds a line without times anywhere in the clip, and one without an end until the clip ends', () => {
    const score = scoreRealSegments(
      [
        { text: 'Nutella', startMs: null, endMs: null },
        { text: '$ slp 3', startMs: 1000, endMs: null },
      ],
      [seg('Nutella', 9000, 9500), seg('$ slp 3', 1200, 2000)],
      10_000,
    );
    expect(score.recallFuzzy).toBe(1);
    expect(score.timedLines).toBe(1);
    expect(score.startErrorsMs).toEqual([200]);
  });

  it('joins a wrapped line read as two stacked rows, and lists what it misses with its start', () => {
    const score = scoreRealSegments(
      [
        { text: 'Due to laziness, we do not traverse the whole search space. Searching for numbers:', startMs: 0, endMs: 4000 },
        { text: 'Bon appétit!', startMs: 5000, endMs: 6000 },
      ],
      [seg('Due to laziness, we do not traverse the whole search space. Searching', 0, 4000, 0.1), seg('for numbers:', 0, 4000, 0.16)],
      8000,
    );
    expect(score.recallFuzzy).toBe(0.5);
    expect(score.missed).toEqual([{ text: 'Bon appétit!', startMs: 5000 }]);
  });

  it('joins the pieces of one row read side by side, left to right, and only in that order', () => {
    const piece = (text: string, x: number, w: number, startMs = 0) => ({
      ...seg(text, startMs, 4000, 0.5),
      bbox: { x, y: 0.5, w, h: 0.1 },
    });
    const found = scoreRealSegments(
      [{ text: 'dots10 [Any spinner you like]', startMs: null, endMs: null }],
      [piece('[Any spinner you like]', 0.4, 0.3), piece('dots10', 0.05, 0.08)],
      8000,
    );
    expect(found.recallFuzzy).toBe(1);
    const reversed = scoreRealSegments(
      [{ text: 'dots10 [Any spinner you like]', startMs: null, endMs: null }],
      [piece('dots10', 0.4, 0.08), piece('[Any spinner you like]', 0.05, 0.3)],
      8000,
    );
    expect(reversed.recallFuzzy).toBe(0);
  });

  it('does not find a line read only outside its time span', () => {
    const score = scoreRealSegments([{ text: 'Slide 2 / 7', startMs: 4000, endMs: 8000 }], [seg('Slide 2 / 7', 12_000, 16_000)], 28_000);
    expect(score.recallFuzzy).toBe(0);
  });
});
