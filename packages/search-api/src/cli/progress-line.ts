/** A one-line progress bar redrawn in place; silent when the stream is not a terminal. */
export function createProgressLine(stream: NodeJS.WriteStream = process.stderr) {
  const enabled = stream.isTTY === true;
  let last = '';
  return {
    update(percent: number, label: string): void {
      if (!enabled) return;
      const width = 24;
      const filled = Math.round((Math.max(0, Math.min(100, percent)) / 100) * width);
      const line = `[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${percent.toFixed(0).padStart(3)}%  ${label}`;
      if (line === last) return;
      last = line;
      stream.write(`\r${line}\x1b[K`);
    },
    done(): void {
      if (enabled && last !== '') stream.write('\r\x1b[K');
      last = '';
    },
  };
}
