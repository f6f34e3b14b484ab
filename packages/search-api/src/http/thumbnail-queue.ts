import { ErrorCode, OnscreenError } from '@onscreen/core';

/**
 * The one queue every thumbnail ffmpeg goes through: at most `concurrency` run at once, users are served
 * in turn (the waiting user served least recently goes first, so a burst of one user does not starve
 * another), each user may have at most `perUser` jobs waiting and the queue `total`, and no job waits
 * longer than `maxWaitMs`. A job past a bound is refused with 429 (answered as RATE_LIMITED, with
 * Retry-After) — at once, or when its wait runs out, well before a client or the connection's idle
 * timeout gives up — never queued without end and never a 500. Hand-written rather than p-queue: its order is by priority and arrival,
 * while this one has to choose the user when a slot frees.
 */
export interface ThumbnailQueue {
  run<T>(userId: string, make: () => Promise<T>): Promise<T>;
  stats(): { running: number; queued: number; maxRunning: number };
  /** Refuses the jobs still waiting (the service is stopping); running ones finish. */
  close(): void;
}

export interface ThumbnailQueueOptions {
  /** ffmpeg processes at once. Default 2. */
  concurrency?: number;
  /** Jobs one user may have waiting. Default 16. */
  perUser?: number;
  /** Jobs waiting in all. Default 64. */
  total?: number;
  /** Longest wait for a slot, in ms; then the job is refused. Default 20 000. */
  maxWaitMs?: number;
}

interface Job {
  seq: number;
  start(): void;
  refuse(error: Error): void;
  /** Refuses the job when it has waited `maxWaitMs`. */
  timer?: NodeJS.Timeout;
}

interface UserState {
  waiting: Job[];
  running: number;
  /** When a job of theirs last started, counted in starts of the queue (-1: none yet). */
  lastServed: number;
}

/** Seconds a refused client should wait: about what the queue ahead needs at ~0.5 s per thumbnail. */
const retryAfterS = (queued: number, concurrency: number) => Math.max(1, Math.ceil((queued * 0.5) / concurrency));

/** A refusal the problem table answers as 429 RATE_LIMITED; the route adds Retry-After from `retryAfterSeconds`. */
export type QueueFullError = Error & { statusCode: 429; retryAfterSeconds: number };

function busy(message: string, retryAfterSeconds: number): QueueFullError {
  return Object.assign(new Error(message), { statusCode: 429 as const, retryAfterSeconds });
}

export function createThumbnailQueue(options: ThumbnailQueueOptions = {}): ThumbnailQueue {
  const concurrency = options.concurrency ?? 2;
  const perUser = options.perUser ?? 16;
  const total = options.total ?? 64;
  const maxWaitMs = options.maxWaitMs ?? 20_000;
  const users = new Map<string, UserState>();
  let running = 0;
  let queued = 0;
  let maxRunning = 0;
  let seq = 0;
  let served = 0;
  let closed = false;

  const stateOf = (userId: string) => {
    let state = users.get(userId);
    if (!state) {
      state = { waiting: [], running: 0, lastServed: -1 };
      users.set(userId, state);
    }
    return state;
  };
  const forget = (userId: string, state: UserState) => {
    if (state.running === 0 && state.waiting.length === 0) users.delete(userId);
  };

  /** Starts waiting jobs while slots are free: the user served least recently first, then the oldest job. */
  function pump(): void {
    while (running < concurrency && queued > 0) {
      let pick: [string, UserState] | undefined;
      for (const entry of users) {
        const [, state] = entry;
        const first = state.waiting[0];
        if (first === undefined) continue;
        const best = pick?.[1];
        if (best === undefined || state.lastServed < best.lastServed) pick = entry;
        else if (state.lastServed === best.lastServed && first.seq < (best.waiting[0]?.seq ?? Number.POSITIVE_INFINITY)) pick = entry;
      }
      const job = pick?.[1].waiting.shift();
      if (!pick || !job) return;
      queued -= 1;
      clearTimeout(job.timer);
      job.start();
    }
  }

  return {
    run<T>(userId: string, make: () => Promise<T>): Promise<T> {
      const state = stateOf(userId);
      return new Promise<T>((resolve, reject) => {
        const job: Job = {
          seq: seq++,
          start() {
            running += 1;
            state.running += 1;
            served += 1;
            state.lastServed = served;
            maxRunning = Math.max(maxRunning, running);
            make()
              .then(resolve, reject)
              .finally(() => {
                running -= 1;
                state.running -= 1;
                forget(userId, state);
                pump();
              });
          },
          refuse: reject,
        };
        if (closed) return reject(new OnscreenError(ErrorCode.ABORTED, 'The service is stopping.'));
        if (running < concurrency && queued === 0) return job.start();
        if (state.waiting.length >= perUser) {
          forget(userId, state);
          return reject(
            busy(`You have ${perUser} thumbnails waiting to be made; retry later.`, retryAfterS(state.waiting.length, concurrency)),
          );
        }
        if (queued >= total) {
          forget(userId, state);
          return reject(busy(`${total} thumbnails are waiting to be made; retry later.`, retryAfterS(queued, concurrency)));
        }
        state.waiting.push(job);
        queued += 1;
        job.timer = setTimeout(() => {
          const at = state.waiting.indexOf(job);
          if (at < 0) return;
          state.waiting.splice(at, 1);
          queued -= 1;
          forget(userId, state);
          reject(busy(`No thumbnail slot came free within ${maxWaitMs} ms; retry later.`, retryAfterS(queued, concurrency)));
        }, maxWaitMs);
      });
    },
    stats: () => ({ running, queued, maxRunning }),
    close() {
      closed = true;
      for (const [userId, state] of users) {
        for (const job of state.waiting.splice(0)) {
          clearTimeout(job.timer);
          job.refuse(new OnscreenError(ErrorCode.ABORTED, 'The service is stopping.'));
        }
        forget(userId, state);
      }
      queued = 0;
    },
  };
}
