/** What a command may touch: the CLI passes the process's streams and environment; tests pass their own. */
export interface CliContext {
  argv0: string;
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
  signal: AbortSignal;
}
