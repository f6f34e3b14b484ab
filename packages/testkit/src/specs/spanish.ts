import { addSlides, type SlideContent } from '../slide-layout.js';
import { baseSpec, type CommonSpecOptions } from '../spec-base.js';
import type { VideoSpec } from '../types.js';

export interface SpanishOptions extends CommonSpecOptions {
  slideS?: number;
}

const SLIDES: ReadonlyArray<Omit<SlideContent, 'footer'>> = [
  {
    title: 'Año fiscal 2026: resumen',
    bullets: [
      { text: 'Los ingresos crecieron un 12,5%', revealS: 0 },
      { text: 'Información por región y canal', revealS: 0 },
      { text: 'Próxima reunión: 14 de marzo', revealS: 4 },
    ],
  },
  {
    title: 'Información de clientes',
    bullets: [
      { text: 'La pérdida de clientes bajó al 3,2%', revealS: 0 },
      { text: 'Más de 120 empresas en España', revealS: 3 },
      { text: 'Campaña de otoño en Logroño', revealS: 5 },
    ],
  },
  {
    title: 'Hoja de ruta del año',
    bullets: [
      { text: 'Búsqueda de texto en vídeos', revealS: 0 },
      { text: 'Versión móvil: junio', revealS: 0 },
      { text: 'Integración con el equipo de diseño', revealS: 3 },
      { text: 'Revisión técnica después de la reunión', revealS: 5 },
    ],
  },
  {
    title: '¿Preguntas?',
    bullets: [
      { text: '¡Gracias por su atención!', revealS: 0 },
      { text: 'Contacto: equipo de análisis', revealS: 2 },
    ],
  },
];

/** Spanish slides with accents, ñ, ¿ and ¡ (white background, black text), cycling through four slides. */
export function spanish(options: SpanishOptions): VideoSpec {
  const spec = baseSpec('spanish', options, { width: 1280, height: 720 }, { kind: 'color', color: 'white' });
  const slideS = options.slideS ?? 8;
  const count = Math.ceil(spec.durationS / slideS);
  const content = Array.from({ length: count }, (_, i) => ({
    ...(SLIDES[i % SLIDES.length] as Omit<SlideContent, 'footer'>),
    footer: `Confidencial • página ${i + 1}`,
  }));
  addSlides(spec, content, slideS, { text: 'black', marker: '0x9f2f2f' });
  return spec;
}
