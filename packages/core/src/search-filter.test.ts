import { describe, expect, it } from 'vitest';
import { accessFilter, buildSearchFilter, quoteFilterValue } from './search-filter.js';

/** Reads a quoted filter value back the way Meilisearch does: \" and \\ are escapes, " ends it. */
function unquote(filter: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < filter.length) {
    const ch = filter[i] as string;
    if (ch === '\\') {
      value += filter[i + 1];
      i += 2;
    } else if (ch === '"') return { value, end: i + 1 };
    else {
      value += ch;
      i += 1;
    }
  }
  throw new Error('unterminated string');
}

const HOSTILE = [
  'alice',
  '" OR visibility = "private',
  'a\\" OR ownerId != "x',
  '\\',
  '\\\\"',
  ') OR (1 = 1',
  'ünïcødé 😀 "quoted"',
  'x" OR "1" = "1',
  '[brackets] = AND NOT',
];

describe('search filter builder', () => {
  it('quotes values so that reading them back gives the value and nothing after it', () => {
    for (const value of HOSTILE) {
      const quoted = quoteFilterValue(value);
      const read = unquote(quoted, 0);
      expect(read.value).toBe(value);
      expect(read.end).toBe(quoted.length);
    }
  });

  it('keeps the access filter as the first conjunct whatever the other values are', () => {
    for (const value of HOSTILE) {
      const filter = buildSearchFilter(value, { entryId: value, categoryId: value, ownerId: value, language: value });
      expect(filter.startsWith(accessFilter(value))).toBe(true);
      // every quoted value reads back intact, so the structure outside quotes is the builder's alone
      let outside = '';
      for (let i = 0; i < filter.length; ) {
        if (filter[i] === '"') {
          const read = unquote(filter, i);
          outside += '"?"';
          i = read.end;
        } else outside += filter[i++];
      }
      expect(outside).toBe(
        '(ownerId = "?" OR visibility = "?") AND entryId = "?" AND categoryIds = "?" AND ownerId = "?" AND language = "?"',
      );
    }
  });

  it('turns numbers into numbers', () => {
    expect(buildSearchFilter(null, { fromMs: 1000.7, toMs: 5000, minConfidence: 0.5 })).toBe(
      'endMs >= 1000 AND startMs <= 5000 AND confidence >= 0.5',
    );
  });
});
