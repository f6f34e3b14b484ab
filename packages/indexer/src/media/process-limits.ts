import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { debuglog } from 'node:util';
import { ErrorCode, OnscreenError } from '@onscreen/core';

/** OS limits for one ffmpeg or ffprobe run, applied with util-linux `prlimit` where it is installed. */
export interface ProcessLimits {
  /** Virtual address space (RLIMIT_AS), in bytes: every mapping counts, thread stacks included. */
  addressSpaceBytes: number;
  /** CPU time of all its threads together (RLIMIT_CPU), in seconds; the kernel sends SIGKILL when it is used up. */
  cpuSeconds: number;
}

/** Limits as options take them: any field overrides the default; `false` runs without limits. */
export type ProcessLimitsOption = Partial<ProcessLimits> | false;

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/** Below this the tools fail on every file (ffprobe needs about 91 MiB, ffmpeg decoding 720p 131 MiB). */
export const MIN_ADDRESS_SPACE_BYTES = 128 * MiB;

/** ffprobe reads headers only (about 91 MiB of address space, well under a CPU second); its wall-clock timeout is 30 s. */
export const DEFAULT_FFPROBE_LIMITS: Readonly<ProcessLimits> = { addressSpaceBytes: 1 * GiB, cpuSeconds: 60 };

/**
 * ffmpeg: decoding with 2 threads needed 131 MiB (720p) to 263 MiB (4096×2160) of address space, 8
 * decoder threads 710 MiB, a thumbnail of 4096×2160 with 16 threads 1.3 GiB. The CPU time is for a
 * thumbnail (wall-clock timeout 30 s); decoding gets more, by the length of the video (decodeCpuSeconds).
 */
export const DEFAULT_FFMPEG_LIMITS: Readonly<ProcessLimits> = { addressSpaceBytes: 2 * GiB, cpuSeconds: 60 };

/**
 * CPU time for decoding a video: 120 s plus 4 s per second of video. Measured with 2 threads: 0.05 CPU-s
 * per video second (720p slides), 0.5 (4096×2160 test pattern), 3.9 (4096×2160 noise at 2.6 Gbit/s).
 */
export function decodeCpuSeconds(durationMs: number): number {
  return 120 + Math.ceil((4 * Math.max(0, durationMs)) / 1000);
}

/** Defaults overlaid with the option, checked; `undefined` when the option is `false`. */
export function resolveProcessLimits(
  option: ProcessLimitsOption | undefined,
  defaults: Readonly<ProcessLimits>,
  what: string,
): ProcessLimits | undefined {
  if (option === false) return undefined;
  const limits = {
    addressSpaceBytes: option?.addressSpaceBytes ?? defaults.addressSpaceBytes,
    cpuSeconds: option?.cpuSeconds ?? defaults.cpuSeconds,
  };
  const problems: string[] = [];
  if (!Number.isSafeInteger(limits.addressSpaceBytes) || limits.addressSpaceBytes < MIN_ADDRESS_SPACE_BYTES) {
    problems.push(`addressSpaceBytes must be a whole number ≥ ${MIN_ADDRESS_SPACE_BYTES} (128 MiB) (got ${limits.addressSpaceBytes})`);
  }
  if (!Number.isSafeInteger(limits.cpuSeconds) || limits.cpuSeconds < 1) {
    problems.push(`cpuSeconds must be a whole number ≥ 1 (got ${limits.cpuSeconds})`);
  }
  if (problems.length > 0) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `${what} process limits: ${problems.join('; ')}.`, { details: { problems } });
  }
  return limits;
}

const PRLIMIT_DIRS = ['/usr/bin', '/bin', '/usr/sbin', '/sbin', '/usr/local/bin'];
const debug = debuglog('onscreen');
let prlimit: { path: string | undefined } | undefined;

/** util-linux `prlimit`, looked up once in the usual system folders; `undefined` when it is not installed. */
export function resolvePrlimit(): string | undefined {
  if (prlimit === undefined) {
    const path = PRLIMIT_DIRS.map((dir) => join(dir, 'prlimit')).find((file) => {
      try {
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
    if (path === undefined)
      debug('prlimit was not found in %s: ffmpeg and ffprobe run without OS resource limits', PRLIMIT_DIRS.join(', '));
    prlimit = { path };
  }
  return prlimit.path;
}

/** The command to spawn: the tool itself, or `prlimit --as=… --cpu=… -- tool …` (prlimit execs the tool: same pid). */
export function limitedCommand(
  file: string,
  args: readonly string[],
  limits: ProcessLimits | undefined,
  prlimitPath: string | undefined,
): { file: string; args: string[]; limited: boolean } {
  if (limits === undefined || prlimitPath === undefined) return { file, args: [...args], limited: false };
  // one value sets soft and hard limit alike: at the CPU limit the kernel sends SIGKILL, which ffmpeg cannot catch
  const prefix = [`--as=${limits.addressSpaceBytes}`, `--cpu=${limits.cpuSeconds}`, '--', file];
  return { file: prlimitPath, args: [...prefix, ...args], limited: true };
}

/**
 * When prlimit could not start the tool (missing, not executable), the error spawning it directly would
 * have given (`ENOENT`/`EACCES`), so callers see no difference; `null` otherwise.
 */
export function prlimitExecError(exit: { limited: boolean; exitCode: number | null; stderrTail: string }, file: string): Error | null {
  if (!exit.limited || (exit.exitCode !== 126 && exit.exitCode !== 127) || !exit.stderrTail.startsWith('prlimit: failed to execute')) {
    return null;
  }
  const code = exit.exitCode === 127 ? 'ENOENT' : 'EACCES';
  return Object.assign(new Error(`spawn ${file} ${code} (${exit.stderrTail})`), { code, errno: code, syscall: 'spawn', path: file });
}

export type LimitBreach = 'cpu' | 'memory';

/** What the tool prints when an allocation (a buffer, a thread's stack) fails. */
const ALLOCATION_FAILED = /cannot allocate memory|out of memory|bad_alloc|resource temporarily unavailable/i;

/**
 * Whether a limited run ended on its limits: a SIGKILL (or SIGXCPU) onscreen did not send is the CPU
 * limit; a failure that reports a failed allocation is the address-space limit. A crash (SIGSEGV) is not
 * counted: a damaged file makes these builds crash without any limit too.
 */
export function limitBreach(exit: {
  limited: boolean;
  killedByUs: boolean;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderrTail: string;
}): LimitBreach | null {
  if (!exit.limited) return null;
  if (exit.signal === 'SIGXCPU' || (exit.signal === 'SIGKILL' && !exit.killedByUs)) return 'cpu';
  if (exit.exitCode !== 0 && ALLOCATION_FAILED.test(exit.stderrTail)) return 'memory';
  return null;
}

const shownBytes = (bytes: number) => (bytes >= GiB ? `${+(bytes / GiB).toFixed(2)} GiB` : `${Math.round(bytes / MiB)} MiB`);

/** MEDIA_RESOURCE_LIMIT: the video needs more memory or CPU time than the tool may use. */
export function resourceLimitError(
  tool: 'ffmpeg' | 'ffprobe',
  breach: LimitBreach,
  limits: ProcessLimits,
  stderrTail: string,
): OnscreenError {
  const message =
    breach === 'cpu'
      ? `${tool} used up its CPU time limit (${limits.cpuSeconds} s) on this video and was stopped.`
      : `${tool} ran out of memory on this video: it may use ${shownBytes(limits.addressSpaceBytes)} of address space.`;
  return new OnscreenError(ErrorCode.MEDIA_RESOURCE_LIMIT, message, {
    details: {
      tool,
      limit: breach,
      addressSpaceBytes: limits.addressSpaceBytes,
      cpuSeconds: limits.cpuSeconds,
      stderr: stderrTail.slice(-500),
    },
  });
}
