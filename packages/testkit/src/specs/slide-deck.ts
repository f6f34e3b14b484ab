import { addSlides, type SlideContent } from '../slide-layout.js';
import { baseSpec, type CommonSpecOptions } from '../spec-base.js';
import { createSeededRandom, type SeededRandom } from '../seeded-random.js';
import type { VideoSpec } from '../types.js';

export interface SlideDeckOptions extends CommonSpecOptions {
  width?: number;
  height?: number;
  /** Seconds per slide. */
  slideS?: number;
}

const TOPICS = [
  'Quarterly revenue review',
  'Customer churn analysis',
  'Product roadmap',
  'Hiring plan and headcount',
  'Marketing pipeline update',
  'Regional sales performance',
  'Cloud cost optimisation',
  'Support ticket trends',
  'Partner program status',
  'Security and compliance',
  'Pricing experiment results',
  'Board meeting summary',
];
const REGIONS = ['EMEA', 'APAC', 'North America', 'LATAM', 'Nordics', 'Benelux'];
const PRODUCTS = ['Atlas', 'Beacon', 'Comet', 'Delta', 'Harbor', 'Juniper'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'September', 'October', 'November'];

type Template = (r: SeededRandom, quarter: string) => string;
const pct = (r: SeededRandom): string => `${r.int(2, 39)}.${r.int(0, 9)}%`;
const money = (r: SeededRandom): string => `$${r.int(1, 19)}.${r.int(0, 9)}M`;
const BULLETS: readonly Template[] = [
  (r) => `Revenue grew ${pct(r)} year over year`,
  (r) => `Net churn fell to ${pct(r)} in ${r.pick(REGIONS)}`,
  (r, q) => `Pipeline reached ${money(r)} for ${q}`,
  (r) => `${r.int(12, 240)} new enterprise customers signed`,
  (r) => `Gross margin steady at ${pct(r)}`,
  (r, q) => `Launch ${r.pick(PRODUCTS)} beta in ${q}`,
  (r, q) => `Headcount plan: ${r.int(8, 95)} engineers by ${q}`,
  (r) => `Support backlog down ${pct(r)} since ${r.pick(MONTHS)}`,
  (r) => `Average deal size $${r.int(14, 480)}K, up ${pct(r)}`,
  (r) => `Cloud spend cut by ${money(r)} per year`,
  (r) => `Renewal rate in ${r.pick(REGIONS)} is ${pct(r)}`,
  (r) => `Customer's NPS rose from ${r.int(20, 40)} to ${r.int(41, 70)}`,
  (r) => `Roadmap: ${r.pick(PRODUCTS)} and ${r.pick(PRODUCTS)} integration`,
];

/** Slide texts for `count` slides: title + quarter, 3–4 bullets (the last one or two revealed mid-slide). */
export function slideDeckContent(count: number, seed: number, slideS: number): SlideContent[] {
  const r = createSeededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const quarter = `Q${r.int(1, 4)} ${r.int(2025, 2028)}`;
    const bulletCount = r.int(3, 4);
    const shownFirst = r.int(1, 2);
    const bullets = Array.from({ length: bulletCount }, (_, b) => ({
      text: r.pick(BULLETS)(r, quarter),
      revealS: b < shownFirst ? 0 : Math.round(((b - shownFirst + 1) * slideS) / (bulletCount - shownFirst + 2)),
    }));
    return { title: `${r.pick(TOPICS)} ${quarter}`, bullets, footer: `Company confidential • page ${i + 1}` };
  });
}

/** White slides with black text: title, bullets (some revealed mid-slide), a footer. */
export function slideDeck(options: SlideDeckOptions): VideoSpec {
  const size = { width: options.width ?? 1280, height: options.height ?? 720 };
  const spec = baseSpec('slideDeck', options, size, { kind: 'color', color: 'white' });
  const slideS = options.slideS ?? 8;
  const content = slideDeckContent(Math.ceil(spec.durationS / slideS), options.seed ?? 1, slideS);
  addSlides(spec, content, slideS, { text: 'black', marker: '0x2f5f9f' });
  return spec;
}
