import { statfs } from 'node:fs/promises';

/** ENOSPC (the disk is full) or EDQUOT (the user's quota on it is): a write failed for want of room. */
export function isNoSpaceError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** Bytes an ordinary (unprivileged) writer may still use on the filesystem holding `dir`. */
export async function availableBytes(dir: string): Promise<number> {
  const info = await statfs(dir);
  return info.bavail * info.bsize;
}
