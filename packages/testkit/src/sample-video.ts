import { type MakeVideoOptions, makeVideo } from './make-video.js';
import { addSlides, type SlideContent } from './slide-layout.js';
import { baseSpec } from './spec-base.js';
import type { GroundTruth, VideoSpec } from './types.js';

const SLIDE_S = 8;

const SLIDES: readonly SlideContent[] = [
  {
    title: 'Quarterly review Q3 2026',
    bullets: [
      { text: 'Quarterly revenue grew 12%', revealS: 0 },
      { text: 'Gross margin steady at 61.5%', revealS: 0 },
      { text: 'Pipeline reached $4.2M', revealS: 4 },
    ],
    footer: 'Company confidential • page 1',
  },
  {
    title: 'Customer churn',
    bullets: [
      { text: 'Customer churn fell to 3.1%', revealS: 0 },
      { text: 'Renewals strongest in EMEA', revealS: 0 },
      { text: 'Support backlog down 40%', revealS: 4 },
    ],
    footer: 'Company confidential • page 2',
  },
  {
    title: 'Roadmap 2027',
    bullets: [
      { text: 'Search inside every video', revealS: 0 },
      { text: 'Mobile app launch in March', revealS: 0 },
      { text: 'Hiring 25 engineers', revealS: 4 },
    ],
    footer: 'Company confidential • page 3',
  },
];

/** The bundled demo: 24 s, 1280×720, three quarterly-review slides; keyframes every 2 s. */
export function sampleVideoSpec(): VideoSpec {
  const spec = baseSpec(
    'sample',
    { durationS: SLIDES.length * SLIDE_S, keyframeIntervalS: 2 },
    { width: 1280, height: 720 },
    {
      kind: 'color',
      color: 'white',
    },
  );
  addSlides(spec, SLIDES, SLIDE_S, { text: 'black', marker: '0x2f5f9f' });
  return spec;
}

/** Render the demo video to `outFile` and return its ground truth. */
export function makeSampleVideo(outFile: string, options: MakeVideoOptions = {}): Promise<GroundTruth> {
  return makeVideo(sampleVideoSpec(), outFile, options);
}
