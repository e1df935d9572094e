import { z } from 'zod';

/**
 * The dynamic batcher's settings, with their defaults in one place. Services read them from their
 * config (`VPROG_<SVC>_MAX_BATCH_SIZE`, `..._MAX_QUEUE_DELAY_MS`, `..._QUEUE_CAPACITY`).
 */
export const batcherOptionsSchema = z.object({
  /** The most requests one batch holds. */
  maxBatchSize: z.number().int().min(1).max(1024).default(8),
  /** How long a batch that is not full may wait for more requests, from its oldest request. */
  maxQueueDelayMs: z.number().min(0).max(60_000).default(2),
  /** The most requests waiting (not running); more are refused with RESOURCE_EXHAUSTED. */
  queueCapacity: z.number().int().min(1).max(1_000_000).default(256),
  /** Batches that may run at once; one per model worker keeps every worker busy. */
  maxConcurrentBatches: z.number().int().min(1).max(64).default(1),
});

/** Validated batcher options. */
export type BatcherOptions = z.output<typeof batcherOptionsSchema>;

/** Batcher options as callers pass them (everything optional). */
export type BatcherOptionsInput = z.input<typeof batcherOptionsSchema>;
