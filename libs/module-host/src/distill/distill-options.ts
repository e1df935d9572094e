import { model } from '@vprog/proto-ts';
import type { Violations } from '../edge/violations';

/** The largest absolute difference allowed between onnxruntime and the trainer on a candidate head. */
export const EXPORT_TOLERANCE = 1e-3;

/**
 * Every default of a Distill call, in one place. A proto3 field left at 0 (or empty) takes its
 * default here; the README's Distill section lists the same table.
 */
export const DISTILL_DEFAULTS = {
  mode: 'lora',
  loraRank: 4,
  epochs: 8,
  learningRate: { lora: 3e-3, full: 1e-3 },
  temperature: 2,
  anchorWeight: 1,
  batchSize: 16,
  wiseFtAlphas: [1],
  /** The most examples one call may send (the service config can change it). */
  maxExamples: 20_000,
  /** Bytes of backbone features kept across calls, per service. */
  featureCacheBytes: 256 * 1024 * 1024,
} as const;

const LIMITS = { loraRank: 256, epochs: 1000, batchSize: 4096 };

/** How a Distill call trains, with every default filled in. */
export interface DistillSettings {
  readonly mode: 'lora' | 'full';
  readonly rank: number;
  readonly epochs: number;
  readonly learningRate: number;
  readonly temperature: number;
  readonly anchorWeight: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly wiseFtAlphas: readonly number[];
  /** The version to start from; undefined: the active one. */
  readonly parentVersion: string | undefined;
  readonly teacher: { readonly name: string; readonly version: string } | undefined;
  readonly sourceRunId: string;
}

/**
 * Reads the options message of a Distill call, recording a violation (field `options.<name>`)
 * for every value out of range: an unknown mode, a negative or non-finite rate, temperature or
 * anchor weight, an α outside [0, 1] or given twice, a rank, epoch count or batch size above its
 * limit. Unset values take {@link DISTILL_DEFAULTS}.
 * @returns the settings (only meaningful when no violation was added).
 */
export function resolveDistillOptions(options: model.DistillOptions, violations: Violations): DistillSettings {
  const mode = decodeMode(options.mode, violations);
  const positive = (value: number, field: string, fallback: number): number => {
    if (!Number.isFinite(value) || value < 0) violations.add(`options.${field}`, 'must be a finite number ≥ 0 (0: the server default)');
    return value > 0 ? value : fallback;
  };
  const bounded = (value: number, field: keyof typeof LIMITS, fallback: number): number => {
    if (value > LIMITS[field]) violations.add(`options.${snake(field)}`, `must be at most ${LIMITS[field]}`);
    return value > 0 ? value : fallback;
  };
  const alphas = options.wiseFtAlphas.length === 0 ? [...DISTILL_DEFAULTS.wiseFtAlphas] : options.wiseFtAlphas.map((a) => Math.fround(a));
  alphas.forEach((alpha, i) => {
    if (!Number.isFinite(alpha) || alpha < 0 || alpha > 1) violations.add(`options.wise_ft_alphas[${i}]`, 'must be in [0, 1]');
    else if (alphas.indexOf(alpha) !== i) violations.add(`options.wise_ft_alphas[${i}]`, `${alpha} is listed twice`);
  });
  const parent = options.parentVersion.trim();
  const teacher = options.teacher;
  return {
    mode,
    rank: bounded(options.loraRank, 'loraRank', DISTILL_DEFAULTS.loraRank),
    epochs: bounded(options.epochs, 'epochs', DISTILL_DEFAULTS.epochs),
    learningRate: positive(options.learningRate, 'learning_rate', DISTILL_DEFAULTS.learningRate[mode]),
    temperature: positive(options.temperature, 'temperature', DISTILL_DEFAULTS.temperature),
    anchorWeight: positive(options.anchorWeight, 'anchor_weight', DISTILL_DEFAULTS.anchorWeight),
    batchSize: bounded(options.batchSize, 'batchSize', DISTILL_DEFAULTS.batchSize),
    seed: Number(options.seed) || 0,
    wiseFtAlphas: alphas,
    parentVersion: parent === '' ? undefined : parent,
    teacher: teacher !== undefined && teacher.name !== '' ? { name: teacher.name, version: teacher.version } : undefined,
    sourceRunId: options.sourceRunId,
  };
}

function decodeMode(mode: model.TrainingMode, violations: Violations): 'lora' | 'full' {
  if (mode === model.TrainingMode.TRAINING_MODE_FULL) return 'full';
  if (mode === model.TrainingMode.TRAINING_MODE_LORA || mode === model.TrainingMode.TRAINING_MODE_UNSPECIFIED) return 'lora';
  violations.add('options.mode', `unknown training mode ${String(mode)}`);
  return 'lora';
}

function snake(name: string): string {
  return name === 'loraRank' ? 'lora_rank' : name === 'batchSize' ? 'batch_size' : name;
}
