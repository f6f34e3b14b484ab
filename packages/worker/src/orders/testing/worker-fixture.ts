import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Order } from '@onscreen/core';
import type { OnscreenStore } from '@onscreen/store';
import type { OrderWorkerEvent } from '../worker-options.js';

/** An account with REACH, one user, and a way to order OCR for new entries of given files. */
export async function createOrderFixture(store: OnscreenStore) {
  const account = await store.createAccount({ name: 'worker tests', reach: { enabled: true, creditMinutes: null } });
  const { user } = await store.createUser({ accountId: account.id, name: 'worker tester' });
  const order = async (filePath: string, title = 'Quarterly slides'): Promise<Order> => {
    const entry = await store.createEntry({ ownerId: user.id, title, filePath, visibility: 'published', categoryIds: ['cat-1'] });
    const { orders } = await store.createOrders({ accountId: account.id, requesterId: user.id, request: { entryIds: [entry.id] } });
    return orders[0] as Order;
  };
  const get = (orderId: string) => store.getOrder(orderId, user.id);
  return { account, user, order, get };
}

export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 60_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export type LoggedEvent = (OrderWorkerEvent | { type: 'started'; workerId: string; pid: number }) & { atMs?: number };

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly events: LoggedEvent[];
  /** Resolves with the exit code (or signal name). */
  readonly exited: Promise<number | string>;
  stderr(): string;
}

const SCRIPT = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

/** Starts testing/worker-process.ts as a real child process (`node --conditions=source --import tsx`). */
export function spawnWorkerProcess(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', SCRIPT], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: LoggedEvent[] = [];
  let stderr = '';
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      events.push(JSON.parse(line) as LoggedEvent);
    } catch {
      stderr += `${line}\n`;
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8_000);
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, events, exited, stderr: () => stderr };
}
