import { createOcrPool, type OcrPool } from '@onscreen/indexer';

export interface PoolRegistry {
  /** The pool for these languages: the shared one when it matches, else one made once and kept. */
  get(languages: string): Promise<OcrPool>;
  /** Closes the pools this registry made (never the shared one it was given). */
  close(): Promise<void>;
}

/** A small map of OCR pools by language, so concurrent orders share tesseract workers. */
export function createPoolRegistry(
  shared: OcrPool | undefined,
  create: ((languages: string) => Promise<OcrPool>) | undefined,
): PoolRegistry {
  const make = create ?? ((languages: string) => createOcrPool({ languages }));
  const made = new Map<string, Promise<OcrPool>>();
  let closed = false;
  return {
    get(languages) {
      if (shared !== undefined && shared.languages === languages) return Promise.resolve(shared);
      if (closed) return Promise.reject(new Error('The worker is closed; no OCR pool can be made.'));
      let pool = made.get(languages);
      if (pool === undefined) {
        pool = make(languages);
        made.set(languages, pool);
        // a failed creation (e.g. a language not installed) is not cached: the next order tries again
        pool.catch(() => made.delete(languages));
      }
      return pool;
    },
    async close() {
      closed = true;
      const pools = [...made.values()];
      made.clear();
      await Promise.all(
        pools.map((p) =>
          p.then(
            (pool) => pool.close(),
            () => {},
          ),
        ),
      );
    },
  };
}
