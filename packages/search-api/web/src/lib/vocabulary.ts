import type { OrderStatus, TurnaroundTime } from '@onscreen/core';

/** What the page calls the API's enum values. */
export const STATUS_NAMES: Record<OrderStatus, string> = {
  pending: 'Pending',
  processing: 'Processing',
  ready: 'Ready',
  error: 'Error',
  aborted: 'Aborted',
};

export const TURNAROUND_NAMES: Record<TurnaroundTime, string> = {
  best_effort: 'Best effort',
  immediate: 'Immediate',
  thirty_minutes: '30 minutes',
  two_hours: '2 hours',
  six_hours: '6 hours',
  one_day: '1 day',
};

/**
 * What each turnaround time means here (the ⓘ beside the choice): it sets the order's place in the
 * queue — workers take the most urgent first, oldest first within one choice. The times are targets.
 */
export const TURNAROUND_HINTS: Record<TurnaroundTime, string> = {
  immediate: 'Goes to the front of the queue: a worker starts it as soon as one is free.',
  thirty_minutes: 'Queued ahead of 2 hours, 6 hours, 1 day and best effort; aims to be ready within 30 minutes.',
  two_hours: 'Queued ahead of 6 hours, 1 day and best effort; aims to be ready within 2 hours.',
  six_hours: 'Queued ahead of 1 day and best effort; aims to be ready within 6 hours.',
  one_day: 'Queued ahead of best effort only; aims to be ready within a day.',
  best_effort: 'Runs when no more urgent request waits. OCR takes about as long as decoding the video, plus the text it reads.',
};

export const SERVICE_NAMES: Record<string, string> = { machine: 'Machine', professional: 'Professional' };
export const FEATURE_NAMES: Record<string, string> = { ocr: 'OCR', captions: 'Captions', translation: 'Translation' };

/** Source media languages offered (recorded with the order; OCR does not use it). */
export const LANGUAGES: ReadonlyArray<readonly [code: string, name: string]> = [
  ['en', 'English'],
  ['es', 'Spanish'],
  ['fr', 'French'],
  ['de', 'German'],
  ['it', 'Italian'],
  ['pt', 'Portuguese'],
  ['nl', 'Dutch'],
  ['ja', 'Japanese'],
  ['zh', 'Chinese'],
  ['ko', 'Korean'],
  ['ar', 'Arabic'],
  ['hi', 'Hindi'],
];

export const languageName = (code: string): string => LANGUAGES.find(([c]) => c === code)?.[1] ?? code;

export const isActive = (status: OrderStatus | undefined): boolean => status === 'pending' || status === 'processing';
