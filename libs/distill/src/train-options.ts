/**
 * The options of one head-training run, validated once with zod before any tensor is made, so a
 * bad request fails fast with every problem listed.
 */
import { z } from 'zod';
import { distillError } from './distill-error';

/** Which loss the trained output is read with. */
export type HeadLoss =
  | { readonly kind: 'softmax' }
  | { readonly kind: 'grid'; readonly stride: number; readonly grid: number; readonly boxScale: number; readonly canvas: number };

/** How to train a head. */
export interface TrainOptions {
  /** `lora`: low-rank updates of the matrix weights (merged on export), biases frozen; `full`: every weight. */
  readonly mode: 'lora' | 'full';
  /** LoRA rank r (ignored in full mode). */
  readonly rank: number;
  readonly epochs: number;
  readonly learningRate: number;
  readonly batchSize: number;
  /** KL temperature T (softmax loss). */
  readonly temperature: number;
  /** λ: the weight of the anchor loss. */
  readonly anchorWeight: number;
  /** Same seed + same data → bit-identical candidates. */
  readonly seed: number;
  /** WiSE-FT mixing weights; [] means [1]. α = 1 is the trained head, α = 0 the parent. */
  readonly wiseFtAlphas: readonly number[];
  readonly loss: HeadLoss;
  /** Head inputs whose first dim is the example's rows; the others are shared per `sharedKey`. */
  readonly rowInputs: readonly string[];
  /** The head output the loss reads (e.g. `logits`, `grid`). */
  readonly output: string;
}

const positive = z.number().finite().positive();
const count = z.number().int().positive();

const trainOptionsSchema = z.object({
  mode: z.enum(['lora', 'full']),
  rank: z.number().int().min(1).max(1024),
  epochs: z.number().int().min(0).max(100000),
  learningRate: positive,
  batchSize: count.max(1 << 20),
  temperature: positive,
  anchorWeight: z.number().finite().min(0),
  seed: z.number().int(),
  wiseFtAlphas: z.array(z.number().finite().min(0).max(1)).max(64),
  loss: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('softmax') }),
    z.object({ kind: z.literal('grid'), stride: positive, grid: count, boxScale: positive, canvas: positive }),
  ]),
  rowInputs: z.array(z.string().min(1)).min(1),
  output: z.string().min(1),
});

/**
 * Validates options and fills the one default ([] alphas → [1]).
 * @throws DistillError INVALID_OPTIONS listing every bad field.
 */
export function parseTrainOptions(options: TrainOptions): TrainOptions {
  const parsed = trainOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`);
    throw distillError('INVALID_OPTIONS', `invalid training options: ${problems.join('; ')}`, { fields: parsed.error.issues.map((i) => i.path.join('.')).join(',') });
  }
  const value = parsed.data;
  return { ...value, wiseFtAlphas: value.wiseFtAlphas.length === 0 ? [1] : value.wiseFtAlphas };
}
