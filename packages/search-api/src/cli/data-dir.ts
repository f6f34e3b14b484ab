import { resolve } from 'node:path';
import type { CliContext } from './context.js';

/** --data-dir, else ONSCREEN_DATA_DIR, else ./.onscreen */
export function dataDirOf(flag: string | undefined, ctx: CliContext): string {
  return resolve(ctx.cwd, flag ?? ctx.env.ONSCREEN_DATA_DIR ?? '.onscreen');
}

export function engineOptions(ctx: CliContext, dataDir: string) {
  return { meiliUrl: ctx.env.MEILI_URL, meiliMasterKey: ctx.env.MEILI_MASTER_KEY, dataDir, signal: ctx.signal };
}
