import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmbeddedMeilisearch } from '@onscreen/indexer';

/**
 * Meilisearch must have one process per data directory, so a second onscreen command on the data dir
 * of a running `onscreen serve` uses that service's engine instead of starting its own: the service
 * writes the engine's URL and key to this file (owner-only) while it runs.
 */
const FILE = 'running-engine.json';

interface RunningEngine {
  url: string;
  masterKey: string;
  pid: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Writes the file; returns what removes it again (on close). */
export async function advertiseEngine(meiliDataDir: string, engine: EmbeddedMeilisearch): Promise<() => Promise<void>> {
  const file = join(meiliDataDir, FILE);
  // the pid of this process, which owns the engine: the engine's own changes when it is restarted
  const record: RunningEngine = { url: engine.url, masterKey: engine.masterKey, pid: process.pid };
  await writeFile(file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  return () => rm(file, { force: true });
}

/** The engine a live service advertises in this data dir, when it answers with its key; else undefined. */
export async function findRunningEngine(meiliDataDir: string): Promise<RunningEngine | undefined> {
  let record: RunningEngine;
  try {
    record = JSON.parse(await readFile(join(meiliDataDir, FILE), 'utf8')) as RunningEngine;
  } catch {
    return undefined;
  }
  if (typeof record.url !== 'string' || typeof record.masterKey !== 'string' || !Number.isInteger(record.pid) || !isAlive(record.pid)) {
    return undefined;
  }
  try {
    const response = await fetch(`${record.url}/version`, {
      headers: { authorization: `Bearer ${record.masterKey}` },
      signal: AbortSignal.timeout(2_000),
    });
    await response.arrayBuffer();
    return response.ok ? record : undefined;
  } catch {
    return undefined;
  }
}
