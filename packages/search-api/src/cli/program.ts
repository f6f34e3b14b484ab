import { Command, Option } from 'commander';
import type { CommandName, ConfigFlags } from '../app/config.js';
import type { CliContext } from './context.js';

/** What runs a command once its settings are parsed: loaded on demand, so `--help` stays fast. */
export type CommandRunner = (args: string[], flags: ConfigFlags, ctx: CliContext) => Promise<void>;

/** Option keys of the argument parser → setting names of the configuration schema. */
const FLAG_TO_SETTING: Record<string, string> = {
  concurrency: 'workerConcurrency',
  lang: 'languages',
  fps: 'sampleFps',
  entry: 'entryId',
  owner: 'ownerId',
};

function flagsOf(command: Command): ConfigFlags {
  const flags: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(command.optsWithGlobals())) {
    if (value !== undefined) flags[FLAG_TO_SETTING[key] ?? key] = value;
  }
  return flags;
}

const ENV_HELP: Record<CommandName, string> = {
  serve:
    'ONSCREEN_PORT, ONSCREEN_HOST, ONSCREEN_DATA_DIR, ONSCREEN_DATABASE_URL, MEILI_URL + MEILI_MASTER_KEY, ONSCREEN_MEILI_INDEX, ONSCREEN_DEMO_TOKEN, ONSCREEN_WORKER_CONCURRENCY, ONSCREEN_LOG_LEVEL, ONSCREEN_MEDIA_QUOTA_BYTES, ONSCREEN_IDEMPOTENCY_KEY_TTL_SECONDS, ONSCREEN_CORS_ORIGINS, ONSCREEN_WORKER_TOKEN, ONSCREEN_RUN_WORKER, FFMPEG_PATH, FFPROBE_PATH',
  worker:
    'ONSCREEN_DATABASE_URL, MEILI_URL + MEILI_MASTER_KEY, ONSCREEN_MEILI_INDEX, ONSCREEN_API_URL + ONSCREEN_WORKER_TOKEN, ONSCREEN_WORKER_CONCURRENCY, ONSCREEN_LEASE_MS, ONSCREEN_DATA_DIR, FFMPEG_PATH, FFPROBE_PATH',
  index: 'ONSCREEN_DATA_DIR, MEILI_URL + MEILI_MASTER_KEY, ONSCREEN_MEILI_INDEX, ONSCREEN_OCR_LANG, FFMPEG_PATH, FFPROBE_PATH',
  search: 'ONSCREEN_DATA_DIR, MEILI_URL + MEILI_MASTER_KEY, ONSCREEN_MEILI_INDEX',
  extract: 'ONSCREEN_OCR_LANG, FFMPEG_PATH, FFPROBE_PATH',
  demo: 'ONSCREEN_DATA_DIR, MEILI_URL + MEILI_MASTER_KEY, ONSCREEN_MEILI_INDEX, FFMPEG_PATH, FFPROBE_PATH',
  doctor: 'ONSCREEN_DATA_DIR, ONSCREEN_DATABASE_URL, MEILI_URL + MEILI_MASTER_KEY, ONSCREEN_MEILI_INDEX, FFMPEG_PATH, FFPROBE_PATH',
  reconcile: 'ONSCREEN_DATA_DIR, ONSCREEN_DATABASE_URL, MEILI_URL + MEILI_MASTER_KEY, ONSCREEN_MEILI_INDEX',
};

const dataDirOption = () => new Option('--data-dir <dir>', 'where SQLite, the embedded Meilisearch and media live (default ./.onscreen)');
const ocrOptions = (command: Command) =>
  command
    .option('--lang <codes>', 'OCR languages: ISO 639-1 or tesseract codes joined with "+", e.g. en, eng, en+es (default eng)')
    .option('--fps <n>', 'frames looked at per second of video, 0.2–10 (default 2)');

/**
 * The `onscreen` command line: one parser for every command, each with its own --help. The runner of a
 * command is imported when it runs, and reads its settings through the one configuration schema.
 */
export function buildProgram(version: string, ctx: CliContext, run: (name: CommandName) => Promise<CommandRunner>): Command {
  const program = new Command('onscreen')
    .description('Search the text shown inside videos: OCR, an HTTP API with Global Search, and a web page.')
    .version(version, '-V, --version', 'print the version')
    .option('--verbose', "also show the OCR engine's own messages on stderr")
    .helpCommand('help [command]', 'show the help of a command')
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
      outputError: (text, write) => write(`onscreen: ${text.trim().replace(/^error: /, '')}\n`),
    })
    .exitOverride();
  const add = (name: CommandName, describe: (command: Command) => Command) => {
    const command = describe(program.command(name))
      .addHelpText('after', `\nEnvironment: ${ENV_HELP[name]}\n`)
      .action(async (...args: unknown[]) => {
        const self = args.at(-1) as Command;
        const runner = await run(name);
        await runner(self.args, flagsOf(self), ctx);
      });
    // every command's errors are one line, exit code 2, and point to its own --help
    command.configureOutput({
      ...program.configureOutput(),
      outputError: (text, write) => write(`onscreen ${name}: ${text.trim().replace(/^error: /, '')} (see onscreen ${name} --help)\n`),
    });
    command.exitOverride();
  };

  add('serve', (c) =>
    c
      .description('run the HTTP API, an OCR worker and Meilisearch, with demo data, until Ctrl-C')
      .option('--port <n>', 'TCP port, 0 for any free one (default 8080)')
      .option('--host <host>', 'interface to listen on (default 127.0.0.1)')
      .addOption(dataDirOption())
      .option('--no-samples', 'do not add the sample video to the demo account')
      .option('--no-worker', 'run no OCR worker in this process (workers run elsewhere: onscreen worker)'),
  );
  add('worker', (c) =>
    c
      .description('process OCR orders until SIGINT/SIGTERM, against the same store and Meilisearch as the API')
      .option('--concurrency <n>', 'orders processed at once, 1–16 (default 2)')
      .option('--lease-ms <ms>', 'lease per claim, renewed while the order runs (default 30000)')
      .option('--api-url <url>', "the API's URL: read media over HTTP from it (a worker without the API's disk)")
      .addOption(dataDirOption()),
  );
  add('extract', (c) =>
    ocrOptions(c.description('print the on-screen text of a video with start and end times').argument('<video>', 'a video file')).option(
      '--json',
      'print { durationMs, segments, stats } as JSON on stdout',
    ),
  );
  add('index', (c) =>
    ocrOptions(
      c
        .description("read a video and put its on-screen text in the search index as an entry's segments (a re-index replaces them)")
        .argument('<video>', 'a video file')
        .requiredOption('--entry <id>', 'the entry id (letters, digits, "_" or "-")')
        .option('--title <title>', 'the title shown in results (default: the file name)')
        .option('--owner <id>', 'owner id (default cli)')
        .option('--published', 'visible to everyone (default: private to the owner)'),
    ).addOption(dataDirOption()),
  );
  add('search', (c) =>
    c
      .description('Global Search over indexed on-screen text (an operator view: no per-user filter)')
      .argument('<query>', 'words to find (quote them)')
      .option('--json', 'print the response as JSON')
      .option('--limit <n>', 'videos per page, 1–50 (default 10)')
      .option('--moments <n>', 'lines per video, 1–10 (default 3)')
      .option('--entry <id>', 'only this entry')
      .addOption(dataDirOption()),
  );
  add('demo', (c) => c.description('index the bundled sample video and search it, without the service').addOption(dataDirOption()));
  add('doctor', (c) =>
    c
      .description('print the ffmpeg and ffprobe in use and their versions, Meilisearch, the store and the OCR languages installed')
      .option('--json', 'print the report as JSON')
      .addOption(dataDirOption()),
  );
  add('reconcile', (c) =>
    c
      .description('compare the store with the search index (documents per entry, visibility, owner, title, orphans) and print the drift')
      .option('--fix', 'rebuild drifting entries from the store, remove documents of deleted entries, sweep their files')
      .option('--json', 'print the report as JSON')
      .addOption(dataDirOption()),
  );
  return program;
}
