import { z } from 'zod';

/**
 * The zod schema of `manifest.json`, the contract between the PyTorch recipes that export models
 * and the TypeScript runtime that serves them. Known fields are checked strictly; fields the
 * runtime does not read (documentation such as `rounding`) pass through untouched.
 */

const valueInfo = z.object({
  name: z.string().min(1),
  dtype: z.string().min(1),
  shape: z.array(z.union([z.number().int(), z.string()])),
});

const graphSignature = z.object({ inputs: z.array(valueInfo).min(1), outputs: z.array(valueInfo).min(1) });

const fileEntry = z.object({ path: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/i).optional() });

const preprocess = z.looseObject({
  kind: z.enum(['letterbox', 'crop-resize', 'resize']),
  size: z.number().int().positive(),
  scale: z.number().positive(),
  mean: z.array(z.number()).length(3),
  std: z.array(z.number().positive()).length(3),
  pad: z.number().min(0).max(1).optional(),
  padMinPx: z.number().int().min(0).optional(),
  fill: z.number().optional(),
});

const tokenizer = z.looseObject({
  kind: z.literal('words'),
  vocab: z.array(z.string()).min(2),
  maxTokens: z.number().int().positive(),
});

const classGroup = z.looseObject({ offset: z.number().int().min(5), labels: z.array(z.string()).min(1) });

const gridDecode = z.looseObject({
  kind: z.literal('grid'),
  stride: z.number().positive(),
  grid: z.number().int().positive(),
  boxScale: z.number().positive(),
  nmsIou: z.number().min(0).max(1),
  /**
   * The score threshold the model serves with when a request names none: its operating point.
   * Absent: the evaluation default (0.05), at which AP is measured but programs see many weak boxes.
   */
  operatingThreshold: z.number().min(0).max(1).optional(),
  layout: z.array(z.string()).optional(),
  classes: z.looseObject({ shape: classGroup.optional(), colour: classGroup.optional() }).optional(),
});

const softmaxDecode = z.looseObject({ kind: z.literal('softmax') });

const boxTuple = z.tuple([z.number(), z.number(), z.number(), z.number()]);

const goldenTensor = z.object({ shape: z.array(z.number().int().min(0)), data: z.array(z.number()) });

const golden = z.object({
  inputs: z.looseObject({
    image: z.string().min(1),
    view: boxTuple.optional(),
    box: boxTuple.optional(),
    phrase: z.string().optional(),
    question: z.string().optional(),
    categories: z.array(z.string()).optional(),
  }),
  outputs: z.record(z.string(), goldenTensor),
});

/** A metric value; `null` where the exporter could not compute it (e.g. no items of a kind). */
const metricValue = z.number().nullable();

/** The schema of one model version's `manifest.json`. */
export const manifestSchema = z.looseObject({
  name: z.string().min(1),
  module: z.enum(['loc', 'facedet', 'classify', 'vqa']),
  role: z.enum(['student', 'teacher']),
  version: z.string().min(1),
  parent: z.string().nullable(),
  createdAt: z.string().min(1),
  description: z.string(),
  files: z.record(z.string(), fileEntry),
  graph: z.record(z.string(), graphSignature),
  preprocess,
  tokenizer: tokenizer.nullable(),
  labels: z.array(z.string()).nullable(),
  decode: z.union([gridDecode, softmaxDecode]),
  recipe: z.record(z.string(), z.unknown()).optional(),
  metrics: z.record(z.string(), z.record(z.string(), metricValue)).optional(),
  golden: z.array(golden).default([]),
});

/** A validated manifest. */
export type Manifest = z.output<typeof manifestSchema>;
/** The module a manifest serves. */
export type ModuleName = Manifest['module'];
/** Student (general, head-split) or teacher (task-specific). */
export type ModelRole = Manifest['role'];
/** One golden case: input references and the raw outputs PyTorch computed. */
export type GoldenCase = Manifest['golden'][number];
/** The grid decoding parameters of a detector. */
export type GridDecode = z.output<typeof gridDecode>;
/** A manifest's preprocessing block. */
export type PreprocessSpec = z.output<typeof preprocess>;
/** A manifest's tokenizer block. */
export type TokenizerSpec = z.output<typeof tokenizer>;
