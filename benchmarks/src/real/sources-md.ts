import { REAL_KINDS, type RealClip } from './manifest.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** real-corpus/SOURCES.md: who made each clip and each text it is scored on, under which licence. */
export function sourcesMarkdown(clips: readonly RealClip[]): string {
  const lines = [
    '# Sources of the real-world corpus',
    '',
    'Every clip below is the work of its author, used under its licence; none is stored in this repository.',
    '`pnpm bench:corpus-real --from <dir>` assembles them (see ../README.md). The ground-truth lines in',
    '`clips/*.json` were written from the files named under "truth from", never from OCR.',
    'This file is generated from the manifest: `pnpm bench:corpus-real --sources`.',
    '',
  ];
  const repos = [...new Set(clips.map((c) => c.source.repo))].sort((a, b) => a.localeCompare(b));
  lines.push(`${clips.length} clips from ${repos.length} repositories, ${clips.reduce((n, c) => n + c.lines.length, 0)} lines.`, '');
  for (const kind of REAL_KINDS) {
    const ofKind = clips.filter((c) => c.kind === kind);
    if (ofKind.length === 0) continue;
    lines.push(
      `## ${kind}`,
      '',
      '| clip | repository @ commit | path | licence (file) | author | truth from |',
      '|---|---|---|---|---|---|',
    );
    for (const clip of ofKind) {
      const s = clip.source;
      const truth = clip.truth.from.map((f) => `${f.repo === s.repo ? '' : `${f.repo} `}${f.path} (${f.what})`).join('; ');
      const burn =
        clip.burnIn === undefined
          ? ''
          : ` — subtitles ${clip.burnIn.repo}@${clip.burnIn.commit.slice(0, 12)}:${clip.burnIn.path} (${clip.burnIn.licence}, ${clip.burnIn.licenceFile}; ${clip.burnIn.author}), burnt in by this benchmark`;
      lines.push(
        `| ${clip.id} | ${s.repo} @ \`${s.commit}\` | \`${cell(s.path)}\`${cell(burn)} | ${s.licence} (${cell(s.licenceFile)}) | ${cell(s.author)} | ${cell(truth)} |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
