import { execFile } from 'node:child_process';
import { statfs, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type SmallDisk = { mounted: true; dir: string; sizeBytes: number } | { mounted: false; dir: string; reason: string };

/**
 * Mounts a tmpfs of `sizeBytes` on `dir` (an empty folder). Needs root (or CAP_SYS_ADMIN); where the
 * machine refuses, says why instead of throwing, so the caller can fall back to something else.
 */
export async function mountSmallDisk(dir: string, sizeBytes: number): Promise<SmallDisk> {
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0700`, 'tmpfs', dir]);
    return { mounted: true, dir, sizeBytes };
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    const uid = process.getuid?.();
    const firstLine = (stderr || message).trim().split('\n')[0];
    return { mounted: false, dir, reason: `mount -t tmpfs failed (uid ${uid}): ${firstLine}` };
  }
}

/** Unmounts; a busy mount (a process still holds a file) is detached lazily instead (`umount -l`). */
export async function unmountSmallDisk(disk: SmallDisk): Promise<void> {
  if (!disk.mounted) return;
  await run('umount', [disk.dir]).catch(() => run('umount', ['-l', disk.dir]));
}

/** Bytes an unprivileged writer may still use on the filesystem holding `dir`. */
export async function freeBytes(dir: string): Promise<number> {
  const info = await statfs(dir);
  return info.bavail * info.bsize;
}

/** Space `sizeBytes` of file content takes on the filesystem of `dir` (whole blocks). */
export async function blocksOf(dir: string, sizeBytes: number): Promise<number> {
  const { bsize } = await statfs(dir);
  return Math.ceil(sizeBytes / bsize) * bsize;
}

/** Writes zeros to `file` until only `leaveBytes` stay free (a multiple of the block size); returns the bytes written. */
export async function fillDisk(file: string, leaveBytes = 0): Promise<number> {
  const bytes = Math.max(0, (await freeBytes(dirname(file))) - leaveBytes);
  await writeFile(file, Buffer.alloc(bytes));
  return bytes;
}
