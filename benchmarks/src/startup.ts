import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Start-up of the built `onscreen` command (compiled JS, no tsx), as a user meets it: `--help`, and
 * `extract` of a short clip from the spawn to its first decoded frame. The process reports how long
 * after its call extraction took and when the first frame came; everything else of the spawn-to-exit
 * wall time (Node's start, module loading, exit) is counted as start-up, so the figure errs long.
 */
export interface StartupFigures {
  helpMs: number;
  firstFrameMs: number;
  extractWallMs: number;
  runs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function timed(args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'], env });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve({ ms, stdout });
      else reject(new Error(`onscreen ${args.slice(1).join(' ')} exited ${code}`));
    });
  });
}

export async function measureStartup(repoRoot: string, clip: string, runs = 5): Promise<StartupFigures> {
  const cli = join(repoRoot, 'packages', 'search-api', 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build it first (npx -y pnpm@10 build:js)`);
  const env = { ...process.env, NODE_OPTIONS: '' };
  const help: number[] = [];
  const firstFrame: number[] = [];
  const wall: number[] = [];
  await timed([cli, '--help'], env); // warm the file cache
  for (let i = 0; i < runs; i++) {
    help.push((await timed([cli, '--help'], env)).ms);
    const run = await timed([cli, 'extract', '--json', clip], env);
    const { stats } = JSON.parse(run.stdout) as { stats: { elapsedMs: number; firstFrameMs: number | null } };
    if (stats.firstFrameMs === null) throw new Error(`onscreen extract decoded no frame of ${clip}`);
    firstFrame.push(run.ms - stats.elapsedMs + stats.firstFrameMs);
    wall.push(run.ms);
  }
  return { helpMs: median(help), firstFrameMs: median(firstFrame), extractWallMs: median(wall), runs };
}
