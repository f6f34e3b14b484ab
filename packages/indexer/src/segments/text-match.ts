import { distance } from 'fastest-levenshtein';
import type { BBox } from '@onscreen/core';
import { LIST_MARKER } from '../ocr/parse-tsv.js';

/** Lower-cased, single-spaced, trimmed: the form two sightings of a line are compared in. */
export function normalizeText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** 1 for equal strings, 0 for nothing in common (1 − edit distance ÷ longer length). */
export function textSimilarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - distance(a, b) / longer;
}

const digitsOf = (text: string) => text.replace(/[^0-9]/g, '');

/** Two readings of one line: the same digits (a changed number is new text) and at most 20% edits apart. */
export function sameLine(normA: string, normB: string, minSimilarity = 0.8): boolean {
  return digitsOf(normA) === digitsOf(normB) && textSimilarity(normA, normB) >= minSimilarity;
}

/** The same text with other digits (a clock or counter that moved on): equal, and similar, once every digit is a 0. */
export function digitVariant(normA: string, normB: string): boolean {
  if (digitsOf(normA) === digitsOf(normB) || digitsOf(normA) === '') return false;
  return textSimilarity(normA.replace(/[0-9]/g, '0'), normB.replace(/[0-9]/g, '0')) >= 0.8;
}

/** The words of a line (letters and digits), ignoring punctuation and symbols OCR tends to vary. */
export function wordsOf(text: string): string {
  return normalizeText(text)
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Drops a leading bullet that OCR read as stray characters ("• Revenue" read as "e Revenue",
 * "= Revenue" or "=m Revenue"): a first token of at most two characters with no capital and no digit,
 * followed by a word that starts with a capital or a digit. A heading's `#`/`##` and an opening bracket
 * (a checkbox `( )`, `[ ]`), a list's numbering (`1.`, `a.`, `b)`) and a typed markdown bullet (`-`, `*`,
 * `+`: a terminal shows the character itself) are text on screen, not a misread bullet, and stay.
 */
export function stripLeadingBullet(text: string): string {
  const trimmed = text.trim();
  const match = /^(\S{1,2})\s+(\S.*)$/u.exec(trimmed);
  if (match === null) return trimmed;
  const [, first, rest] = match as unknown as [string, string, string];
  if (/^(#{1,2}|[([{<]|[-*+])$/u.test(first) || LIST_MARKER.test(first)) return trimmed;
  const symbolsOnly = !/[\p{L}\p{N}]/u.test(first);
  const stray = !/[\p{Lu}\p{N}]/u.test(first) && /^[\p{Lu}\p{N}¿¡"'(]/u.test(rest);
  return symbolsOnly || stray ? rest : trimmed;
}

export function boxOverlap(a: BBox, b: BBox): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / Math.min(a.w * a.h, b.w * b.h || 1e-9);
}

/** The words of a line (see `wordsOf`), as a list. */
const wordList = (text: string): string[] =>
  wordsOf(text)
    .split(' ')
    .filter((word) => word !== '');

/**
 * Whether a line is read again in `other`, a reading of the same place that may hold stray marks around
 * it: every number of the line is there (a clock that moved on is other text), and most of its words.
 */
export function readAgainIn(line: string, other: string): boolean {
  const words = wordList(line);
  const found = new Set(wordList(other));
  if (words.length === 0 || words.some((word) => /\p{N}/u.test(word) && !found.has(word))) return false;
  return words.filter((word) => found.has(word)).length >= Math.ceil(words.length * 0.6);
}

/** A word that continues a line rather than a stray mark beside it: a number, or three characters or more. */
const CONTINUING_WORD = /^(?:\p{N}+|[\p{L}\p{N}]{3,})$/u;

/**
 * Whether `other` is `line` read further: every word of `line`, in order, then more words that are
 * numbers or of three characters or more (a date OCR cut short in one sample and read whole in the
 * next), not stray marks. Only words of letters and digits count.
 */
export function completes(line: string, other: string): boolean {
  const short = wordList(line);
  const long = wordList(other);
  if (short.length === 0 || long.length <= short.length || !short.every((word, i) => long[i] === word)) return false;
  return long.slice(short.length).every((word) => CONTINUING_WORD.test(word));
}

/**
 * Whether `other`, a reading of `line`'s place, holds more of the row before the line: a word of its
 * own (a number, or three characters or more) ahead of the line's first word. A spinner's status row
 * read as its tag alone ("[Any spinner you like]") and then with the name before it ("dots10 [Any
 * spinner you like]"). What follows the line is `completes`'s to judge.
 */
export function leadsInto(line: string, other: string): boolean {
  const first = wordList(line)[0];
  if (first === undefined) return false;
  const words = wordList(other);
  const at = words.indexOf(first);
  return at > 0 && words.slice(0, at).some((word) => CONTINUING_WORD.test(word));
}
