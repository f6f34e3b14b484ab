#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeFailure, UsageError } from './cli-error.js';
import { EXTRACT_USAGE, extractCommand } from './commands/extract.js';
import { DEMO_USAGE } from './commands/demo.js';
import { INDEX_USAGE } from './commands/index-video.js';
import { SEARCH_USAGE } from './commands/search.js';
import type { CliContext } from './context.js';

type Command = (argv: string[], ctx: CliContext) => Promise<void>;

const COMMANDS: Record<string, { run: () => Promise<Command>; usage: string; summary: string }> = {
  extract: { run: async () => extractCommand, usage: EXTRACT_USAGE, summary: 'print the on-screen text of a video (JSON with --json)' },
  index: {
    run: async () => (await import('./commands/index-video.js')).indexCommand,
    usage: INDEX_USAGE,
    summary: 'read a video and put its on-screen text in the search index',
  },
  demo: {
    run: async () => (await import('./commands/demo.js')).demoCommand,
    usage: DEMO_USAGE,
    summary: 'index the bundled sample video and search it',
  },
  search: {
    run: async () => (await import('./commands/search.js')).searchCommand,
    usage: SEARCH_USAGE,
    summary: 'Global Search over indexed on-screen text',
  },
  serve: {
    run: async () => (await import('./commands/serve.js')).serveCommand,
    usage: 'onscreen serve [--port 8080] [--host 127.0.0.1] [--data-dir DIR] [--no-samples]',
    summary: 'run the HTTP API, the OCR worker and Meilisearch with demo data until Ctrl-C',
  },
  worker: {
    run: async () => (await import('./commands/worker.js')).workerCommand,
    usage: 'onscreen worker [--concurrency N] [--data-dir DIR] [--lease-ms N]',
    summary: 'process OCR orders until SIGINT/SIGTERM (ONSCREEN_DATABASE_URL: postgres://… or a SQLite file)',
  },
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage}\n      ${c.summary}`);
  return `usage: onscreen <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nenvironment: FFMPEG_PATH, FFPROBE_PATH, MEILI_URL + MEILI_MASTER_KEY, ONSCREEN_DATA_DIR\n`;
}

export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  try {
    if (command === undefined) throw new UsageError(`unknown command "${name}".\n${usage()}`);
    await (await command.run())(rest, ctx);
    return 0;
  } catch (error) {
    const { line, exitCode } = describeFailure(
      error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
        ? new UsageError(`${error.message}\nusage: ${command?.usage}`)
        : error,
    );
    ctx.stderr.write(`${line}\n`);
    if (exitCode === 1 && ctx.env.ONSCREEN_DEBUG) ctx.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return exitCode;
  }
}

/** Runs the command line in this process: signals become an AbortSignal, the result the exit code. */
export function runMain(): void {
  const controller = new AbortController();
  const stop = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
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
