import { z } from 'zod';
import { IdSchema } from './entry.js';
import { OcrOptionsSchema, OrderOcrOptionsSchema } from './ocr-options.js';

export const OrderStatusSchema = z.enum(['pending', 'processing', 'ready', 'error', 'aborted']);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

/** OCR is a machine service; `professional` is a REACH service onscreen refuses for OCR. */
export const ServiceSchema = z.enum(['machine', 'professional']);
export type Service = z.infer<typeof ServiceSchema>;

export const FeatureSchema = z.enum(['ocr', 'captions', 'translation']);
export type Feature = z.infer<typeof FeatureSchema>;

/** Turnaround times REACH offers; shorter ones are served first. */
export const TurnaroundTimeSchema = z.enum(['best_effort', 'immediate', 'thirty_minutes', 'two_hours', 'six_hours', 'one_day']);
export type TurnaroundTime = z.infer<typeof TurnaroundTimeSchema>;

/** Lower number = served first. */
export const TURNAROUND_PRIORITY: Readonly<Record<TurnaroundTime, number>> = {
  immediate: 0,
  thirty_minutes: 1,
  two_hours: 2,
  six_hours: 3,
  one_day: 4,
  best_effort: 5,
};

export const OrderStepSchema = z.enum(['queued', 'probing', 'decoding', 'ocr', 'indexing', 'done']);
export type OrderStep = z.infer<typeof OrderStepSchema>;

export const OrderProgressSchema = z.object({
  step: OrderStepSchema,
  percent: z.number().min(0).max(100),
});
export type OrderProgress = z.infer<typeof OrderProgressSchema>;

export const OrderSchema = z.object({
  id: IdSchema,
  entryId: IdSchema,
  accountId: IdSchema,
  requesterId: IdSchema,
  service: ServiceSchema,
  feature: FeatureSchema,
  sourceLanguage: z.string().min(2).max(35),
  turnaroundTime: TurnaroundTimeSchema,
  ocr: OcrOptionsSchema,
  status: OrderStatusSchema,
  attempt: z.number().int().nonnegative(),
  progress: OrderProgressSchema,
  errorCode: z.string().nullable(),
  errorDetails: z.string().nullable(),
  segmentCount: z.number().int().nonnegative().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Order = z.infer<typeof OrderSchema>;

/** What a client sends to order OCR for one or many entries. */
export const CreateOrderRequestSchema = z.object({
  entryIds: z.array(IdSchema).min(1).max(100),
  service: ServiceSchema.default('machine'),
  feature: FeatureSchema.default('ocr'),
  sourceLanguage: z.string().min(2).max(35).default('en'),
  turnaroundTime: TurnaroundTimeSchema.default('best_effort'),
  ocr: OrderOcrOptionsSchema.partial().optional(),
  idempotencyKey: z.string().min(1).max(200).optional(),
});
export type CreateOrderRequest = z.infer<typeof CreateOrderRequestSchema>;
