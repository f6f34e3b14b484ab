import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RepoFile } from './manifest.js';

const run = promisify(execFile);

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Where a repository may sit in the folder given to the collector: `owner+name/repo` or `owner+name`
 * (a snapshot as the search tool's fetch lays it out), `owner/name`, or `name`; each either a git
 * directory (bare or not) or a plain copy of the repository's files.
 */
function candidates(from: string, repo: string): string[] {
  const [owner, name] = repo.split('/') as [string, string];
  return [join(from, `${owner}+${name}`, 'repo'), join(from, `${owner}+${name}`), join(from, owner, name), join(from, name)];
}

async function isGitDir(dir: string): Promise<boolean> {
  try {
    await run('git', ['-C', dir, 'rev-parse', '--git-dir']);
    return true;
  } catch {
    return false;
  }
}

async function fromGit(dir: string, file: RepoFile): Promise<Buffer | null> {
  try {
    const { stdout } = await run('git', ['-C', dir, 'show', `${file.commit}:${file.path}`], {
      encoding: 'buffer',
      maxBuffer: 512 * 2 ** 20,
    });
    return stdout;
  } catch {
    return null;
  }
}

export interface Located {
  bytes: Buffer;
  /** Where it was found, for messages. */
  where: string;
}

/**
 * The bytes of a repository file at its commit, from a folder of snapshots or plain files, checked
 * against `sha256` when given. A plain file named by its sha256 (with or without an extension) in
 * the folder itself also counts. Answers null with the places tried when none holds the right bytes.
 */
export async function locateFile(from: string, file: RepoFile, sha256?: string): Promise<Located | { tried: string[] }> {
  const tried: string[] = [];
  const accept = (bytes: Buffer | null, where: string): Located | null => {
    if (bytes === null) return null;
    const actual = sha256Of(bytes);
    if (sha256 !== undefined && actual !== sha256) {
      tried.push(`${where} (sha256 ${actual}, expected ${sha256})`);
      return null;
    }
    return { bytes, where };
  };
  for (const dir of candidates(from, file.repo)) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    if (await isGitDir(dir)) {
      const found = accept(await fromGit(dir, file), `${dir} @ ${file.commit.slice(0, 12)}:${file.path}`);
      if (found !== null) return found;
      if (!tried.some((t) => t.startsWith(dir))) tried.push(`${dir} (git: no ${file.commit.slice(0, 12)}:${file.path})`);
    }
    const plain = join(dir, file.path);
    if (existsSync(plain)) {
      const found = accept(await readFile(plain), plain);
      if (found !== null) return found;
    }
  }
  if (sha256 !== undefined) {
    const ext = file.path.includes('.') ? file.path.slice(file.path.lastIndexOf('.')) : '';
    for (const name of [sha256, `${sha256}${ext}`]) {
      const plain = join(from, name);
      if (existsSync(plain)) {
        const found = accept(await readFile(plain), plain);
        if (found !== null) return found;
      }
    }
  }
  if (tried.length === 0) tried.push(`nothing for ${file.repo} under ${from}`);
  return { tried };
}
