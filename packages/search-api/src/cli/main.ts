#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import type { CommandName } from '../app/config.js';
import { PACKAGE_VERSION } from '../package-files.js';
import type { CliContext } from './context.js';
import { buildProgram, type CommandRunner } from './program.js';

/** Each command's runner, imported when that command runs (`onscreen --help` loads none of them). */
const RUNNERS: Record<CommandName, () => Promise<CommandRunner>> = {
  serve: async () => (await import('./commands/serve.js')).serveCommand,
  worker: async () => (await import('./commands/worker.js')).workerCommand,
  extract: async () => (await import('./commands/extract.js')).extractCommand,
  index: async () => (await import('./commands/index-video.js')).indexCommand,
  search: async () => (await import('./commands/search.js')).searchCommand,
  demo: async () => (await import('./commands/demo.js')).demoCommand,
  doctor: async () => (await import('./commands/doctor.js')).doctorCommand,
  reconcile: async () => (await import('./commands/reconcile.js')).reconcileCommand,
};

/**
 * Runs `onscreen <command> …` and returns the exit code: 0 done (or --help, --version), 2 a usage or
 * configuration mistake (one line per problem on stderr), 1 a failure of onscreen or a service it needs.
 */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const program = buildProgram(PACKAGE_VERSION, ctx, async (name) => {
    const load = RUNNERS[name as keyof typeof RUNNERS];
    if (load === undefined) throw new Error(`the ${name} command is not part of this build`);
    return load();
  });
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    // loaded only on failure: it brings @onscreen/core (and zod), which `--help` does not need
    const { describeFailure } = await import('./cli-error.js');
    const { line, exitCode } = describeFailure(error);
    ctx.stderr.write(`${line}\n`);
    if (exitCode === 1 && ctx.env.ONSCREEN_DEBUG) ctx.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return exitCode;
  }
}

/** A second Ctrl-C this long after the first stops at once instead of waiting for a clean stop. */
const FORCE_AFTER_MS = 1_000;

/**
 * Runs the command line in this process: signals become an AbortSignal, the result the exit code. A
 * signal that arrives right after the first one is the same Ctrl-C passed on again (pnpm forwards
 * SIGINT to its script, which has it from the terminal already): ignored, so a clean stop exits 0.
 */
export function runMain(): void {
  const controller = new AbortController();
  let firstAtMs: number | undefined;
  const stop = (signal: NodeJS.Signals) => {
    const now = performance.now();
    if (firstAtMs === undefined) {
      firstAtMs = now;
      controller.abort(new Error('interrupted'));
    } else if (now - firstAtMs > FORCE_AFTER_MS) {
      process.stderr.write(`onscreen: ${signal} again, stopping without waiting\n`);
      process.exit(130);
    }
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const ctx: CliContext = {
    argv0: 'onscreen',
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    signal: controller.signal,
  };
  runCli(process.argv.slice(2), ctx).then((code) => {
    process.exitCode = code;
  });
}

// run from the sources (tsx); the built package runs bin.ts instead
const isMain = process.argv[1] !== undefined && realpathSync(fileURLToPath(import.meta.url)) === realpathSync(process.argv[1]);
if (isMain) runMain();
