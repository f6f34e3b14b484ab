import { ErrorCode, INPUT_ERROR_CODES, isOnscreenError } from '@onscreen/core';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FFPROBE_LIMITS,
  decodeCpuSeconds,
  limitBreach,
  limitedCommand,
  MIN_ADDRESS_SPACE_BYTES,
  prlimitExecError,
  resolveProcessLimits,
  resourceLimitError,
} from './process-limits.js';

const limits = { addressSpaceBytes: 2 * 1024 ** 3, cpuSeconds: 90 };
const exit = { limited: true, killedByUs: false, exitCode: null, signal: null, stderrTail: '' };

describe('process limits', () => {
  it('prefixes the tool with prlimit, or runs it as it is without prlimit or without limits', () => {
    expect(limitedCommand('/x/ffmpeg', ['-i', 'file:a.mp4'], limits, '/usr/bin/prlimit')).toEqual({
      file: '/usr/bin/prlimit',
      args: ['--as=2147483648', '--cpu=90', '--', '/x/ffmpeg', '-i', 'file:a.mp4'],
      limited: true,
    });
    const unlimited = { file: '/x/ffmpeg', args: ['-i', 'file:a.mp4'], limited: false };
    expect(limitedCommand('/x/ffmpeg', ['-i', 'file:a.mp4'], limits, undefined)).toEqual(unlimited);
    expect(limitedCommand('/x/ffmpeg', ['-i', 'file:a.mp4'], undefined, '/usr/bin/prlimit')).toEqual(unlimited);
  });

  it('takes a SIGKILL onscreen did not send, or a failed allocation, as a limit; a crash or a plain failure not', () => {
    expect(limitBreach({ ...exit, signal: 'SIGKILL' })).toBe('cpu');
    expect(limitBreach({ ...exit, signal: 'SIGXCPU' })).toBe('cpu');
    expect(limitBreach({ ...exit, signal: 'SIGKILL', killedByUs: true })).toBeNull(); // the timeout or an abort
    expect(limitBreach({ ...exit, exitCode: 1, stderrTail: 'Error while opening decoder: Resource temporarily unavailable' })).toBe(
      'memory',
    );
    expect(limitBreach({ ...exit, exitCode: 1, stderrTail: 'Failed to inject frame into filter network: Cannot allocate memory' })).toBe(
      'memory',
    );
    expect(limitBreach({ ...exit, signal: 'SIGSEGV' })).toBeNull();
    expect(limitBreach({ ...exit, exitCode: 1, stderrTail: 'Invalid data found when processing input' })).toBeNull();
    expect(limitBreach({ ...exit, limited: false, signal: 'SIGKILL' })).toBeNull(); // no prlimit: nothing is known
  });

  it('reports a tool prlimit could not start as the spawn error it would have been without prlimit', () => {
    const missing = { limited: true, exitCode: 127, stderrTail: 'prlimit: failed to execute /x/ffprobe: No such file or directory' };
    expect(prlimitExecError(missing, '/x/ffprobe')).toMatchObject({ code: 'ENOENT', syscall: 'spawn', path: '/x/ffprobe' });
    expect(prlimitExecError({ ...missing, exitCode: 126 }, '/x/ffprobe')).toMatchObject({ code: 'EACCES' });
    expect(prlimitExecError({ ...missing, stderrTail: 'Invalid data found' }, '/x/ffprobe')).toBeNull();
    expect(prlimitExecError({ ...missing, limited: false }, '/x/ffprobe')).toBeNull();
  });

  it('overlays options on the defaults and refuses limits no tool could start under', () => {
    expect(resolveProcessLimits(undefined, DEFAULT_FFPROBE_LIMITS, 'ffprobe')).toEqual({ addressSpaceBytes: 1024 ** 3, cpuSeconds: 60 });
    expect(resolveProcessLimits({ cpuSeconds: 5 }, DEFAULT_FFPROBE_LIMITS, 'ffprobe')).toEqual({
      addressSpaceBytes: 1024 ** 3,
      cpuSeconds: 5,
    });
    expect(resolveProcessLimits(false, DEFAULT_FFPROBE_LIMITS, 'ffprobe')).toBeUndefined();
    try {
      resolveProcessLimits({ addressSpaceBytes: MIN_ADDRESS_SPACE_BYTES - 1, cpuSeconds: 0.5 }, DEFAULT_FFPROBE_LIMITS, 'ffprobe');
      expect.unreachable();
    } catch (error) {
      expect(isOnscreenError(error, ErrorCode.INVALID_INPUT)).toBe(true);
      expect((error as Error).message).toContain('addressSpaceBytes must be a whole number ≥ 134217728');
      expect((error as Error).message).toContain('cpuSeconds must be a whole number ≥ 1 (got 0.5)');
    }
  });

  it('gives decoding 120 CPU seconds plus 4 per second of video', () => {
    expect(decodeCpuSeconds(0)).toBe(120);
    expect(decodeCpuSeconds(30_000)).toBe(240);
    expect(decodeCpuSeconds(6 * 3600_000)).toBe(86_520);
  });

  it('names the tool and the limit in a permanent input error', () => {
    const error = resourceLimitError('ffmpeg', 'memory', limits, 'x'.repeat(2000));
    expect(error.code).toBe(ErrorCode.MEDIA_RESOURCE_LIMIT);
    expect(error.message).toBe('ffmpeg ran out of memory on this video: it may use 2 GiB of address space.');
    expect(error.details).toMatchObject({ tool: 'ffmpeg', limit: 'memory', addressSpaceBytes: limits.addressSpaceBytes, cpuSeconds: 90 });
    expect(error.details?.stderr).toBe('x'.repeat(500));
    expect(resourceLimitError('ffprobe', 'cpu', limits, '').message).toBe(
      'ffprobe used up its CPU time limit (90 s) on this video and was stopped.',
    );
    expect(INPUT_ERROR_CODES.has(ErrorCode.MEDIA_RESOURCE_LIMIT)).toBe(true); // the worker never retries it
  });
});
