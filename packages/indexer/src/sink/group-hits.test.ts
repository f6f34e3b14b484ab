import { describe, expect, it } from 'vitest';
import { groupMomentsByEntry, type MomentHit } from './group-hits.js';

const hit = (entryId: string, n: number, formatted?: string): MomentHit => ({
  id: `${entryId}-${n}`,
  entryId,
  entryTitle: `Title ${entryId}`,
  ownerId: `owner-${entryId}`,
  text: `text ${n}`,
  startMs: n * 1_000,
  endMs: n * 1_000 + 500,
  confidence: 0.8,
  bbox: { x: 0, y: 0, w: 1, h: 0.1 },
  language: 'eng',
  ...(formatted === undefined ? {} : { _formatted: { text: formatted } }),
});

describe('groupMomentsByEntry', () => {
  it('keeps the entry order, caps moments per entry and keeps hit order within an entry', () => {
    const hits = [hit('b', 1), hit('a', 5), hit('b', 2), hit('a', 3), hit('b', 3), hit('c', 1)];
    const groups = groupMomentsByEntry(['a', 'b'], hits, 2);
    expect(groups.map((group) => group.entryId)).toEqual(['a', 'b']);
    expect(groups[0]?.moments.map((moment) => moment.startMs)).toEqual([5_000, 3_000]);
    expect(groups[1]?.moments.map((moment) => moment.segmentId)).toEqual(['b-1', 'b-2']);
    expect(groups[0]).toMatchObject({ entryTitle: 'Title a', ownerId: 'owner-a' });
  });

  it('drops entries without moments and renders highlights (falling back to escaped text)', () => {
    const groups = groupMomentsByEntry(['gone', 'a'], [hit('a', 1, '\uE000text\uE001 <1>'), hit('a', 2)], 10);
    expect(groups.map((group) => group.entryId)).toEqual(['a']);
    expect(groups[0]?.moments.map((moment) => moment.highlighted)).toEqual(['<mark>text</mark> &lt;1&gt;', 'text 2']);
  });

  it('counts a segment seen twice once (the best moment comes back with the page’s other moments)', () => {
    const groups = groupMomentsByEntry(['a'], [hit('a', 2), hit('a', 1), hit('a', 2), hit('a', 3)], 3);
    expect(groups[0]?.moments.map((moment) => moment.segmentId)).toEqual(['a-2', 'a-1', 'a-3']);
  });
});
