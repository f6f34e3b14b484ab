import { randomBytes } from 'node:crypto';
import { ErrorCode, OnscreenError } from '@onscreen/core';
import type { Capabilities } from './capabilities.js';

/**
 * Searches that led to an entry, counted by the service: every answer of GET /v1/search carries a new
 * `searchId`, and each hit a `lead` — a capability for that search, entry and user, signed like a media
 * URL's `cap` and as short-lived. The page sends both back when the user opens the entry from the
 * results; the store counts a (search, entry, user) once. A lead cannot be made up, moved to another
 * entry or user, or kept for later, so a caller can only count searches the service really answered.
 */
export const newSearchId = (): string => `srch_${randomBytes(12).toString('base64url')}`;

/** How long a counted lead is remembered: longer than any capability lives (at most one day). */
export const SEARCH_LEAD_KEEP_MS = 2 * 86_400_000;

const resourceOf = (entryId: string, searchId: string) => `/v1/entries/${entryId}/search-leads?searchId=${searchId}`;

export function leadFor(
  capabilities: Capabilities,
  { entryId, searchId, userId }: { entryId: string; searchId: string; userId: string },
): string {
  const url = capabilities.url(resourceOf(entryId, searchId), userId);
  return url.slice(url.indexOf('cap=') + 'cap='.length);
}

/** Throws INVALID_INPUT unless `lead` was issued to `userId` for this search and entry and still lives. */
export function checkLead(capabilities: Capabilities, input: { entryId: string; searchId: string; userId: string; lead: string }): void {
  if (capabilities.verify(resourceOf(input.entryId, input.searchId), input.lead) !== input.userId) {
    throw new OnscreenError(
      ErrorCode.INVALID_INPUT,
      'The search lead is not valid: it was issued for another search, entry or user, or it expired (a lead lives as long as a media URL).',
    );
  }
}
