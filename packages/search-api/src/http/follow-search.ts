import type { ResolvedHttpDeps } from './deps.js';

const DEFAULT_FOLLOW_MS = 2_000;

/**
 * After a write the store committed: give search a moment to follow (the entry's outbox row applied at
 * once), so a client reading right after sees its change — but never longer than `searchFollowMs`, and
 * never fail: while Meilisearch is down the dispatcher keeps the row and applies it when it is back.
 */
export async function followSearch(deps: ResolvedHttpDeps, entryId: string): Promise<void> {
  const waitMs = deps.searchFollowMs ?? DEFAULT_FOLLOW_MS;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, waitMs);
  });
  const applied = deps.dispatcher.flushEntry(entryId, waitMs).catch(() => deps.dispatcher.nudge());
  try {
    await Promise.race([applied, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
