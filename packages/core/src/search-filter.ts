import type { SearchRequest } from './search.js';

/**
 * Meilisearch filter expressions built from values, never from raw text.
 * Strings are double-quoted with `\` and `"` escaped, so no value can close its quote and add
 * `OR …` to widen what a user may see.
 */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** What a user may see: own entries, and entries their owners published. */
export function accessFilter(userId: string): string {
  return `(ownerId = ${quoteFilterValue(userId)} OR visibility = "published")`;
}

/** The access filter AND the request's own filters; the access part is always the outer conjunct. */
export function buildSearchFilter(userId: string | null, request: Partial<SearchRequest>): string {
  const parts: string[] = [];
  if (userId !== null) parts.push(accessFilter(userId));
  if (request.entryId !== undefined) parts.push(`entryId = ${quoteFilterValue(request.entryId)}`);
  if (request.categoryId !== undefined) parts.push(`categoryIds = ${quoteFilterValue(request.categoryId)}`);
  if (request.ownerId !== undefined) parts.push(`ownerId = ${quoteFilterValue(request.ownerId)}`);
  if (request.language !== undefined) parts.push(`language = ${quoteFilterValue(request.language)}`);
  if (request.fromMs !== undefined) parts.push(`endMs >= ${Math.trunc(request.fromMs)}`);
  if (request.toMs !== undefined) parts.push(`startMs <= ${Math.trunc(request.toMs)}`);
  if (request.minConfidence !== undefined) parts.push(`confidence >= ${Number(request.minConfidence)}`);
  return parts.join(' AND ');
}
