import { canonicalLanguages, ErrorCode, MAX_OCR_LANGUAGES, OnscreenError } from '@onscreen/core';
import { createOcrPool, type OcrPool, resolveTessdata } from '@onscreen/indexer';

/** An OCR pool held for one order; `release()` once the order is done with it. */
export interface PoolLease {
  readonly pool: OcrPool;
  release(): void;
}

export interface PoolRegistryStats {
  /** Pools alive now, and their tesseract workers together (never more than the budget). */
  livePools: number;
  liveWorkers: number;
  /** Pools made and closed so far. */
  made: number;
  closed: number;
}

export interface PoolRegistry {
  /**
   * A pool for these languages, held until released. The list is canonicalised first (duplicates dropped,
   * sorted), checked (at most MAX_OCR_LANGUAGES, each one installed) and only then used as the key, so
   * `eng+spa+eng` and `spa+eng` share one pool and a hostile spelling costs nothing. Waits while the
   * worker budget is taken by pools in use.
   */
  acquire(languages: string): Promise<PoolLease>;
  stats(): PoolRegistryStats;
  /** Closes the pools this registry made (never the shared one it was given); waiting acquires fail. */
  close(): Promise<void>;
}

export interface PoolRegistryOptions {
  /** A pool to share between orders whose languages are its languages; not counted in the budget. */
  shared?: OcrPool | undefined;
  /** Makes a pool of `size` workers. Default createOcrPool({ languages, size }). */
  create?: ((languages: string, size: number) => Promise<OcrPool>) | undefined;
  /** tesseract.js workers of all pools together. Default 2. */
  workers?: number;
  /** A pool unused for this long is closed, in ms. Default 60 000. */
  idleMs?: number;
}

interface Entry {
  key: string;
  size: number;
  pool: Promise<OcrPool>;
  users: number;
  lastUsedMs: number;
  idleTimer: NodeJS.Timeout | undefined;
}

/** The canonical form of an order's languages, refused when it could not be OCRed here. */
export function checkedLanguages(languages: string): string {
  const key = canonicalLanguages(languages);
  const codes = key.split('+');
  if (key === '' || codes.length > MAX_OCR_LANGUAGES) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `An order may ask for 1 to ${MAX_OCR_LANGUAGES} OCR languages, not "${languages}".`, {
      details: { languages },
    });
  }
  for (const code of codes) resolveTessdata(code); // OCR_LANGUAGE_MISSING, naming the package to install
  return key;
}

/**
 * OCR pools by language set, within a budget of tesseract workers: while one set is in demand its pool
 * gets the whole budget; while several are (asked for within `idleMs`), each new pool gets an equal
 * share, at least one worker. A pool that is not the size the demand calls for is closed when its last
 * order releases it (the next order makes the right one); a pool unused for `idleMs` is closed; a set
 * with no room waits until a pool is released, then idle pools make way, least recently used first.
 */
export function createPoolRegistry(options: PoolRegistryOptions = {}): PoolRegistry {
  const budget = options.workers ?? 2;
  const idleMs = options.idleMs ?? 60_000;
  const create = options.create ?? ((languages: string, size: number) => createOcrPool({ languages, size }));
  const sharedKey = options.shared === undefined ? undefined : canonicalLanguages(options.shared.languages);
  const entries = new Map<string, Entry>();
  /** When each language set was last asked for: the demand that sizes new pools. */
  const demand = new Map<string, number>();
  const waiters = new Set<() => void>();
  const counts = { made: 0, closed: 0 };
  let closed = false;

  const liveWorkers = () => [...entries.values()].reduce((sum, entry) => sum + entry.size, 0);
  const wake = () => {
    for (const wakeUp of [...waiters]) wakeUp();
  };
  const idealSize = () => {
    const since = Date.now() - idleMs;
    for (const [key, atMs] of demand) if (atMs < since) demand.delete(key);
    return Math.max(1, Math.floor(budget / Math.max(1, demand.size)));
  };
  async function retire(entry: Entry): Promise<void> {
    clearTimeout(entry.idleTimer);
    entries.delete(entry.key);
    counts.closed += 1;
    await entry.pool.then(
      (pool) => pool.close(),
      () => {},
    );
    wake();
  }
  function release(entry: Entry): void {
    entry.users -= 1;
    entry.lastUsedMs = Date.now();
    if (entry.users > 0) return;
    if (entry.size !== Math.min(idealSize(), budget) || waiters.size > 0) {
      void retire(entry);
      return;
    }
    entry.idleTimer = setTimeout(() => void retire(entry), idleMs);
    entry.idleTimer.unref();
  }
  async function lease(entry: Entry): Promise<PoolLease> {
    entry.users += 1;
    clearTimeout(entry.idleTimer);
    try {
      const pool = await entry.pool;
      let released = false;
      return {
        pool,
        release() {
          if (released) return;
          released = true;
          release(entry);
        },
      };
    } catch (error) {
      entry.users -= 1;
      throw error;
    }
  }
  /** Closes idle pools, least recently used first, until `wanted` workers are free; false when none could go. */
  async function makeRoom(wanted: number): Promise<boolean> {
    const idle = [...entries.values()].filter((entry) => entry.users === 0).sort((a, b) => a.lastUsedMs - b.lastUsedMs);
    let freed = false;
    for (const entry of idle) {
      if (budget - liveWorkers() >= wanted) break;
      await retire(entry);
      freed = true;
    }
    return freed || budget - liveWorkers() >= wanted;
  }

  return {
    async acquire(languages) {
      const key = checkedLanguages(languages);
      if (options.shared !== undefined && key === sharedKey) return { pool: options.shared, release() {} };
      demand.set(key, Date.now());
      for (;;) {
        if (closed) throw new OnscreenError(ErrorCode.ABORTED, 'The worker is closed; no OCR pool can be had.');
        const known = entries.get(key);
        if (known) return lease(known);
        const size = Math.min(idealSize(), budget);
        await makeRoom(size);
        const known2 = entries.get(key); // made by another acquire while room was made
        if (known2) return lease(known2);
        const room = budget - liveWorkers();
        if (room >= 1) {
          const workers = Math.min(size, room);
          const entry: Entry = { key, size: workers, pool: create(key, workers), users: 0, lastUsedMs: Date.now(), idleTimer: undefined };
          entries.set(key, entry);
          counts.made += 1;
          // a failed creation (a language that cannot load) is not kept: the next order tries again
          entry.pool.catch(() => {
            if (entries.get(key) === entry) entries.delete(key);
            wake();
          });
          return lease(entry);
        }
        await new Promise<void>((resolve) => {
          const wakeUp = () => {
            waiters.delete(wakeUp);
            resolve();
          };
          waiters.add(wakeUp);
        });
      }
    },
    stats: () => ({ livePools: entries.size, liveWorkers: liveWorkers(), ...counts }),
    async close() {
      closed = true;
      wake();
      await Promise.all([...entries.values()].map((entry) => retire(entry)));
    },
  };
}
