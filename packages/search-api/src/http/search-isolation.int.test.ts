import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { lineAt0, openTestService, type TestService } from './testing/test-service.js';

/**
 * Property: whatever Bob puts in q, entryId and categoryId — quotes, backslashes, OR, =, brackets,
 * unicode, fragments of filter syntax around Alice's ids — no moment of Alice's private entry comes
 * back, and the service never fails (the filter is always well-formed).
 */
let service: TestService;
const secretId = 'secret-entry';
const publicId = 'public-entry';
const line = lineAt0;

beforeAll(async () => {
  service = await openTestService({
    meili: { url: inject('meiliUrl'), apiKey: inject('meiliMasterKey') },
    limits: { requestsPerMinute: 100_000, accountRequestsPerMinute: 100_000 },
  });
  const alice = service.alice.user;
  for (const [id, visibility] of [
    [secretId, 'private'],
    [publicId, 'published'],
  ] as const) {
    await service.store.createEntry({ id, ownerId: alice.id, title: id, visibility, categoryIds: ['cat'] });
    await service.index.replaceEntrySegments(
      { entryId: id, ownerId: alice.id, visibility, categoryIds: ['cat'], entryTitle: id, orderId: null, language: 'eng' },
      [line('Revenue forecast OR churn = "quoted" [bracket] ünïcødé'), line('Second line with a \\ backslash')],
    );
  }
});
afterAll(() => service?.close());

const SYNTAX = [
  '"',
  '\\',
  "'",
  ' OR ',
  ' AND ',
  ' NOT ',
  '=',
  '!=',
  '(',
  ')',
  '[',
  ']',
  ' TO ',
  'ü',
  '😀',
  '\u0000',
  secretId,
  'visibility',
  'private',
  'ownerId',
];
const hostile = (maxLength: number) =>
  fc.oneof(
    fc.constantFrom(
      `${secretId}" OR visibility = "private`,
      `x" OR ownerId != "x`,
      '\\" OR 1 = 1 OR "',
      `") OR (entryId = "${secretId}`,
      'revenue',
    ),
    fc
      .array(fc.oneof(fc.constantFrom(...SYNTAX), fc.string({ maxLength: 3 })), { maxLength: 8 })
      .map((parts) => parts.join('').slice(0, maxLength)),
  );

describe('search access filter under hostile input', () => {
  it('is sound: the published entry is found, the private one is not (sanity)', async () => {
    const hits = (await service.call(service.bob, 'GET', '/v1/search?q=revenue')).json().entries.map((e: { entryId: string }) => e.entryId);
    expect(hits).toEqual([publicId]);
  });

  it("never returns a moment of another user's private entry", async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(
        hostile(200),
        fc.option(hostile(64), { nil: undefined }),
        fc.option(hostile(64), { nil: undefined }),
        async (q, entryId, categoryId) => {
          const params = new URLSearchParams({ q });
          if (entryId !== undefined) params.set('entryId', entryId);
          if (categoryId !== undefined) params.set('categoryId', categoryId);
          const res = await service.call(service.bob, 'GET', `/v1/search?${params}`);
          expect(res.statusCode, res.body).toBeLessThan(500);
          if (res.statusCode !== 200) return;
          answered += 1;
          const ids = res.json().entries.map((e: { entryId: string }) => e.entryId);
          expect(ids).not.toContain(secretId);
        },
      ),
      { numRuns: 150 },
    );
    // the property is not vacuous: most hostile requests are valid searches that Meilisearch answered
    expect(answered).toBeGreaterThan(100);
  });
});
