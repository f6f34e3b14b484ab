import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** The kinds of real clips; every clip is of exactly one. */
export const REAL_KINDS = ['terminal', 'ui', 'titles', 'subtitles', 'slides', 'small'] as const;
export type RealKind = (typeof REAL_KINDS)[number];

/** Repositories kept aside for an independent check: no clip may come from them. */
export const EXCLUDED_REPOS = ['charmbracelet/vhs', 'mifi/gifs'] as const;

const Commit = z.string().regex(/^[0-9a-f]{40}$/, 'a full 40-hex git commit');
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in lower-case hex');
const Repo = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'owner/name')
  .refine((repo) => !(EXCLUDED_REPOS as readonly string[]).includes(repo.toLowerCase()), 'this repository is kept aside');

/** A file at a commit of a public repository. */
export const RepoFileSchema = z.object({ repo: Repo, commit: Commit, path: z.string().min(1) });
export type RepoFile = z.infer<typeof RepoFileSchema>;

export const TruthLineSchema = z.object({
  text: z.string().min(1),
  /** When the complete line is first on screen; null when the source does not say. */
  startMs: z.number().int().nonnegative().nullable(),
  /** When it leaves the screen; null when the source does not say (then: until the clip ends). */
  endMs: z.number().int().positive().nullable(),
});
export type TruthLine = z.infer<typeof TruthLineSchema>;

export const RealClipSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    kind: z.enum(REAL_KINDS),
    title: z.string().min(1),
    source: RepoFileSchema.extend({
      /** SPDX identifier of the clip's licence. */
      licence: z.string().min(1),
      /** Where the licence text is: a path in the repository, or a URL named by the licence itself. */
      licenceFile: z.string().min(1),
      author: z.string().min(1),
    }),
    /** sha256 of the clip exactly as the repository holds it. */
    sha256: Sha256,
    media: z.object({
      format: z.string().regex(/^[a-z0-9]+$/),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      durationMs: z.number().int().positive(),
    }),
    /** Subtitles that the collector burns into the clip (the film and the text are theirs, the burn-in ours). */
    burnIn: z.optional(
      RepoFileSchema.extend({
        sha256: Sha256,
        /** The subtitle file's own licence (SPDX), where it is, and its author: it may differ from the film's. */
        licence: z.string().min(1),
        licenceFile: z.string().min(1),
        author: z.string().min(1),
        /** libass force_style, e.g. "FontName=DejaVu Sans,FontSize=22". */
        style: z.string(),
        /** Only this stretch of the film is kept, in ms. */
        fromMs: z.number().int().nonnegative(),
        toMs: z.number().int().positive(),
      }),
    ),
    truth: z.object({
      /** The files the lines were written from. */
      from: z.array(RepoFileSchema.extend({ what: z.string() })).min(1),
      /** Where the start times come from. */
      timing: z.enum(['script', 'subtitle-file', 'frame-timing', 'unknown']),
      notes: z.string(),
    }),
    lines: z.array(TruthLineSchema).min(1),
  })
  .superRefine((clip, ctx) => {
    clip.lines.forEach((line, i) => {
      if (line.startMs !== null && line.endMs !== null && line.endMs <= line.startMs)
        ctx.addIssue({ code: 'custom', path: ['lines', i], message: 'endMs must be after startMs' });
      if (line.startMs !== null && line.startMs > clip.media.durationMs)
        ctx.addIssue({ code: 'custom', path: ['lines', i], message: 'starts after the clip ends' });
    });
    if (clip.kind === 'small' && clip.media.height > 360)
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'a small clip is at most 360 px tall' });
  });
export type RealClip = z.infer<typeof RealClipSchema>;

export const REAL_CORPUS_DIR = join(import.meta.dirname, '..', '..', 'real-corpus');
/** Collected clips: beside the generated corpus in the benchmark cache. */
export const REAL_CACHE_DIR = join(import.meta.dirname, '..', '..', '.cache', 'real');

/** Every clip of the manifest (one JSON file per clip under real-corpus/clips), by id. */
export async function loadRealManifest(dir = join(REAL_CORPUS_DIR, 'clips')): Promise<RealClip[]> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  const clips: RealClip[] = [];
  for (const name of files) {
    const parsed = RealClipSchema.safeParse(JSON.parse(await readFile(join(dir, name), 'utf8')));
    if (!parsed.success) throw new Error(`${name}: ${z.prettifyError(parsed.error)}`);
    if (`${parsed.data.id}.json` !== name) throw new Error(`${name}: its id is "${parsed.data.id}"`);
    clips.push(parsed.data);
  }
  return clips;
}

/** The file name of a collected clip in the benchmark cache. */
export function cachedClipName(clip: Pick<RealClip, 'id' | 'media' | 'burnIn'>): string {
  return `${clip.id}.${clip.burnIn === undefined ? clip.media.format : 'mp4'}`;
}
