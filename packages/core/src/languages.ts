import { z } from 'zod';

/**
 * ISO 639-1 codes → the tesseract language data that reads them. Tesseract names its data by ISO 639-2
 * (eng, spa, deu …; chi_sim/chi_tra for Chinese scripts); people and browsers say en, es, de. Both are
 * accepted wherever onscreen takes OCR languages; `zh` means Simplified Chinese (say chi_tra for
 * Traditional).
 */
export const ISO_639_1_TO_TESSERACT: Readonly<Record<string, string>> = {
  af: 'afr',
  am: 'amh',
  ar: 'ara',
  as: 'asm',
  az: 'aze',
  be: 'bel',
  bg: 'bul',
  bn: 'ben',
  bo: 'bod',
  br: 'bre',
  bs: 'bos',
  ca: 'cat',
  cs: 'ces',
  cy: 'cym',
  da: 'dan',
  de: 'deu',
  dv: 'div',
  dz: 'dzo',
  el: 'ell',
  en: 'eng',
  eo: 'epo',
  es: 'spa',
  et: 'est',
  eu: 'eus',
  fa: 'fas',
  fi: 'fin',
  fo: 'fao',
  fr: 'fra',
  fy: 'fry',
  ga: 'gle',
  gd: 'gla',
  gl: 'glg',
  gu: 'guj',
  he: 'heb',
  hi: 'hin',
  hr: 'hrv',
  ht: 'hat',
  hu: 'hun',
  hy: 'hye',
  id: 'ind',
  is: 'isl',
  it: 'ita',
  iu: 'iku',
  ja: 'jpn',
  jv: 'jav',
  ka: 'kat',
  kk: 'kaz',
  km: 'khm',
  kn: 'kan',
  ko: 'kor',
  ku: 'kmr',
  ky: 'kir',
  la: 'lat',
  lb: 'ltz',
  lo: 'lao',
  lt: 'lit',
  lv: 'lav',
  mi: 'mri',
  mk: 'mkd',
  ml: 'mal',
  mn: 'mon',
  mr: 'mar',
  ms: 'msa',
  mt: 'mlt',
  my: 'mya',
  ne: 'nep',
  nl: 'nld',
  no: 'nor',
  oc: 'oci',
  or: 'ori',
  pa: 'pan',
  pl: 'pol',
  ps: 'pus',
  pt: 'por',
  qu: 'que',
  ro: 'ron',
  ru: 'rus',
  sa: 'san',
  sd: 'snd',
  si: 'sin',
  sk: 'slk',
  sl: 'slv',
  sq: 'sqi',
  sr: 'srp',
  su: 'sun',
  sv: 'swe',
  sw: 'swa',
  ta: 'tam',
  te: 'tel',
  tg: 'tgk',
  th: 'tha',
  ti: 'tir',
  tl: 'tgl',
  to: 'ton',
  tr: 'tur',
  tt: 'tat',
  ug: 'uig',
  uk: 'ukr',
  ur: 'urd',
  uz: 'uzb',
  vi: 'vie',
  yi: 'yid',
  yo: 'yor',
  zh: 'chi_sim',
};

const CODE = /^[a-z]{2}$|^[a-z][a-z_]{2,11}$/;

/**
 * One spelling for one set of languages: duplicates dropped, codes sorted (`spa+eng+eng` → `eng+spa`),
 * so that a language set keys one OCR pool however it was written.
 */
export function canonicalLanguages(languages: string): string {
  return [...new Set(languages.split('+').filter((code) => code !== ''))].sort().join('+');
}

/**
 * "en+es" → "eng+spa"; tesseract codes pass unchanged; the result is canonical (deduplicated, sorted);
 * undefined when a code is malformed or unknown.
 */
export function toTesseractLanguages(input: string): string | undefined {
  const codes = input.trim().toLowerCase().split('+');
  if (codes.length > 5) return undefined;
  const out: string[] = [];
  for (const code of codes) {
    if (!CODE.test(code)) return undefined;
    const mapped = code.length === 2 ? ISO_639_1_TO_TESSERACT[code] : code;
    if (mapped === undefined) return undefined;
    out.push(mapped);
  }
  return canonicalLanguages(out.join('+'));
}

/**
 * OCR languages joined with '+', each an ISO 639-1 code (en, es, de …) or a tesseract code (eng, spa,
 * chi_sim …); parsed to canonical tesseract codes: "spa+en+es" → "eng+spa". At most five.
 */
export const LanguagesSchema = z.string().transform((value, ctx) => {
  const languages = toTesseractLanguages(value);
  if (languages !== undefined) return languages;
  ctx.addIssue({
    code: 'custom',
    message: 'languages are ISO 639-1 or tesseract codes joined with "+", at most five, e.g. "en", "eng" or "en+spa"',
  });
  return z.NEVER;
});
