import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runHead } from '@vprog/distill';
import { model } from '@vprog/proto-ts';
import { createViolations } from '../edge/violations';
import { testSeedDir } from '../testing/test-registry';
import { checkExport, type CandidateHead } from './candidate-head';
import { DISTILL_DEFAULTS, resolveDistillOptions } from './distill-options';

/** A stand-in for the onnxruntime side that answers with the trainer's output, shifted by `offset`. */
function shiftedHead(head: Uint8Array, offset: number): CandidateHead {
  return {
    run: async (feeds) => {
      const out = await runHead(head, feeds);
      return Object.fromEntries(Object.entries(out).map(([name, t]) => [name, { type: 'float32' as const, dims: t.dims, data: t.data.map((v) => v + offset) }]));
    },
    close: async () => undefined,
  };
}

describe('checkExport', () => {
  it('passes a head whose runtime output matches the trainer and refuses one that differs by more than 1e-3 with EXPORT_MISMATCH', async () => {
    const head = new Uint8Array(await readFile(join(testSeedDir(), 'facedet', 'student', 'v1', 'head.onnx')));
    const samples = [{ feeds: { features: { dims: [1, 256, 64], data: Float32Array.from({ length: 256 * 64 }, (_, i) => Math.sin(i)) } } }];
    expect(await checkExport(head, shiftedHead(head, 0), samples, 'grid')).toBe(0);
    await expect(checkExport(head, shiftedHead(head, 0.01), samples, 'grid')).rejects.toMatchObject({ code: 'INTERNAL', reason: 'EXPORT_MISMATCH' });
  });
});

describe('resolveDistillOptions', () => {
  const empty: model.DistillOptions = {
    mode: model.TrainingMode.TRAINING_MODE_UNSPECIFIED,
    loraRank: 0,
    epochs: 0,
    learningRate: 0,
    temperature: 0,
    anchorWeight: 0,
    seed: 0,
    wiseFtAlphas: [],
    batchSize: 0,
    parentVersion: '',
    sourceRunId: '',
  };

  it('fills every unset option from the defaults, with the learning rate of the mode', () => {
    const violations = createViolations();
    const lora = resolveDistillOptions(empty, violations);
    expect(lora).toMatchObject({ mode: 'lora', rank: 4, epochs: 8, learningRate: 3e-3, temperature: 2, anchorWeight: 1, batchSize: 16, wiseFtAlphas: [1], parentVersion: undefined });
    expect(resolveDistillOptions({ ...empty, mode: model.TrainingMode.TRAINING_MODE_FULL }, violations).learningRate).toBe(DISTILL_DEFAULTS.learningRate.full);
    expect(violations.list).toEqual([]);
  });

  it('names each out-of-range option', () => {
    const violations = createViolations();
    resolveDistillOptions({ ...empty, epochs: 5000, temperature: Number.NaN, wiseFtAlphas: [1, 1] }, violations);
    expect(violations.list.map((v) => v.field)).toEqual(['options.wise_ft_alphas[1]', 'options.epochs', 'options.temperature']);
  });
});
