import { z } from 'zod';

/** Where sessions run. `cuda` falls back to `cpu` (with one log line) when the provider is missing. */
export const EXECUTION_PROVIDERS = ['cpu', 'cuda'] as const;

/** One of {@link EXECUTION_PROVIDERS}. */
export type ExecutionProvider = (typeof EXECUTION_PROVIDERS)[number];

/**
 * Runtime options, validated once. The defaults live here and nowhere else: one worker per model,
 * the CPU provider, and onnxruntime's own thread defaults.
 */
export const runtimeOptionsSchema = z.object({
  /** Execution provider: `cpu` (default) or `cuda`. */
  executionProvider: z.enum(EXECUTION_PROVIDERS).default('cpu'),
  /** Worker threads per model; each loads every graph of the model. */
  poolSize: z.number().int().min(1).max(64).default(1),
  /** onnxruntime intra-op threads per session; omitted = onnxruntime's default (all cores). */
  intraOpNumThreads: z.number().int().min(1).max(256).optional(),
  /** onnxruntime inter-op threads per session. */
  interOpNumThreads: z.number().int().min(1).max(256).optional(),
});

/** Options as callers pass them (everything optional). */
export type RuntimeOptionsInput = z.input<typeof runtimeOptionsSchema>;

/** Options with defaults filled in. */
export type RuntimeOptions = z.output<typeof runtimeOptionsSchema>;

/**
 * Parses runtime options (e.g. from a service's config section).
 * @throws ZodError when a value is out of range or unknown.
 */
export function parseRuntimeOptions(input: RuntimeOptionsInput = {}): RuntimeOptions {
  return runtimeOptionsSchema.parse(input);
}
