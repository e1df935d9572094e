import * as tf from '@tensorflow/tfjs';
import { trainHead } from './head-trainer';
import { readHeadModel } from './onnx-head';
import { createSeededRandom } from './seeded-random';
import { anchorExamples, argmaxRows, clusterTask, loadHead, maxAbsDiff, mlpHead, randomTensor, softmaxOptions } from './testing/head-fixtures';
import { concatRows, type FloatTensor } from './float-tensor';
import { runHead } from './tf-graph';
import type { TrainingExample } from './training-data';

const head = mlpHead();

function stacked(examples: readonly TrainingExample[]): FloatTensor {
  return concatRows(examples.map((e) => e.feeds.features));
}

function hits(logits: FloatTensor, labels: readonly number[]): number {
  return argmaxRows(logits).filter((c, i) => c === labels[i]).length;
}

describe('trainHead on a softmax head', () => {
  const task = clusterTask(1, 32);

  it('lowers the target loss and moves the argmax toward the targets', async () => {
    const before = await runHead(head, { features: stacked(task.examples) });
    const result = await trainHead(head, task.examples, softmaxOptions({ epochs: 12 }));
    expect(result.lossCurve).toHaveLength(12);
    expect(result.lossCurve[11].targetLoss).toBeLessThan(result.lossCurve[0].targetLoss * 0.5);
    expect(result.candidates.map((c) => c.alpha)).toEqual([1]);
    const after = await runHead(result.candidates[0].head, { features: stacked(task.examples) });
    expect(hits(before.logits, task.labels)).toBeLessThan(8);
    expect(hits(after.logits, task.labels)).toBeGreaterThanOrEqual(30);
  });

  it('keeps anchor outputs near the parent with a large λ, while without anchors they drift', async () => {
    const anchors = anchorExamples(2, 32);
    const probe = stacked(anchors);
    const parent = await runHead(head, { features: probe });
    const options = softmaxOptions({ epochs: 10, learningRate: 0.02, batchSize: 16 });
    const naive = await trainHead(head, task.examples, options);
    const anchored = await trainHead(head, [...task.examples, ...anchors], { ...options, anchorWeight: 20 });
    const naiveOut = await runHead(naive.candidates[0].head, { features: probe });
    const anchoredOut = await runHead(anchored.candidates[0].head, { features: probe });
    const naiveDrift = maxAbsDiff(naiveOut.logits.data, parent.logits.data);
    const anchoredDrift = maxAbsDiff(anchoredOut.logits.data, parent.logits.data);
    expect(naiveDrift).toBeGreaterThan(1);
    expect(anchoredDrift).toBeLessThan(naiveDrift * 0.4);
    expect(anchored.lossCurve.at(-1)!.anchorLoss).toBeGreaterThanOrEqual(0);
    expect(anchored.lossCurve.at(-1)!.loss).toBeCloseTo(anchored.lossCurve.at(-1)!.targetLoss + 20 * anchored.lossCurve.at(-1)!.anchorLoss, 6);
    // The targets are still learnt with anchors on.
    const learnt = await runHead(anchored.candidates[0].head, { features: stacked(task.examples) });
    expect(hits(learnt.logits, task.labels)).toBeGreaterThanOrEqual(28);
  });

  it('gives byte-identical heads for the same seed and different heads for another seed', async () => {
    const options = softmaxOptions({ epochs: 3, mode: 'lora', rank: 2 });
    const [a, b, c] = await Promise.all([trainHead(head, task.examples, options), trainHead(head, task.examples, options), trainHead(head, task.examples, { ...options, seed: 8 })]);
    expect(Buffer.from(a.candidates[0].head).equals(Buffer.from(b.candidates[0].head))).toBe(true);
    expect(a.lossCurve).toEqual(b.lossCurve);
    expect(Buffer.from(a.candidates[0].head).equals(Buffer.from(c.candidates[0].head))).toBe(false);
  });

  it('releases every tensor it made, so memory stays flat across runs', async () => {
    await trainHead(head, task.examples.slice(0, 8), softmaxOptions({ epochs: 1, mode: 'lora' }));
    const before = tf.memory().numTensors;
    await trainHead(head, [...task.examples.slice(0, 8), ...anchorExamples(3, 4)], softmaxOptions({ epochs: 2, mode: 'lora' }));
    await trainHead(head, task.examples.slice(0, 8), softmaxOptions({ epochs: 2, mode: 'full' }));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports one loss point per epoch through onEpoch', async () => {
    const seen: number[] = [];
    await trainHead(head, task.examples.slice(0, 8), softmaxOptions({ epochs: 3 }), { onEpoch: (p) => seen.push(p.epoch) });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('stops with CANCELLED when the signal aborts', async () => {
    const controller = new AbortController();
    const run = trainHead(head, task.examples, softmaxOptions({ epochs: 50 }), { signal: controller.signal, onEpoch: () => controller.abort() });
    await expect(run).rejects.toMatchObject({ reason: 'CANCELLED', code: 'CANCELLED' });
  });
});

describe('trainHead on the classify head (shared text features)', () => {
  it('batches boxes by sharedKey and learns each box category', async () => {
    const head = loadHead('classify');
    const random = createSeededRandom(5);
    const texts = [randomTensor(random, [3, 64]), randomTensor(random, [5, 64])];
    const examples: TrainingExample[] = Array.from({ length: 12 }, (_, i) => {
      const g = i % 2;
      const k = texts[g].dims[0];
      const boxes = 1 + (i % 3);
      const target = new Float32Array(boxes * k);
      for (let b = 0; b < boxes; b++) target[b * k + ((i + b) % k)] = 1;
      return {
        feeds: { image_features: randomTensor(random, [boxes, 256]), text_features: texts[g] },
        sharedKey: `categories-${g}`,
        target: { dims: [boxes, k], data: target },
        weight: 1,
        kind: 'target' as const,
      };
    });
    const result = await trainHead(head, examples, softmaxOptions({ rowInputs: ['image_features'], epochs: 15, batchSize: 4, learningRate: 0.01 }));
    expect(result.lossCurve.at(-1)!.targetLoss).toBeLessThan(result.lossCurve[0].targetLoss * 0.5);
  });
});

describe('trainHead input checks', () => {
  const { examples } = clusterTask(3, 4);

  it('rejects bad options with INVALID_OPTIONS before training', async () => {
    await expect(trainHead(head, examples, softmaxOptions({ learningRate: -1 }))).rejects.toMatchObject({ reason: 'INVALID_OPTIONS' });
    await expect(trainHead(head, examples, softmaxOptions({ output: 'nope' }))).rejects.toMatchObject({ reason: 'INVALID_OPTIONS' });
    await expect(trainHead(head, examples, softmaxOptions({ rowInputs: ['image'] }))).rejects.toMatchObject({ reason: 'INVALID_OPTIONS' });
  });

  it('rejects a target example without a target, or with the wrong number of classes, as INVALID_EXAMPLE', async () => {
    const missing: TrainingExample = { ...examples[0], target: undefined };
    await expect(trainHead(head, [missing], softmaxOptions())).rejects.toMatchObject({ reason: 'INVALID_EXAMPLE', metadata: { example: '0' } });
    const wrong: TrainingExample = { ...examples[0], target: { dims: [1, 10], data: new Float32Array(10).fill(0.1) } };
    await expect(trainHead(head, [examples[1], wrong], softmaxOptions())).rejects.toMatchObject({ reason: 'INVALID_EXAMPLE', metadata: { example: '1' } });
  });

  it('returns the parent weights exactly when there are no epochs', async () => {
    const result = await trainHead(head, examples, softmaxOptions({ epochs: 0, mode: 'lora' }));
    expect(result.lossCurve).toEqual([]);
    const parent = readHeadModel(head).weights;
    const candidate = readHeadModel(result.candidates[0].head).weights;
    for (const [name, w] of Object.entries(parent)) expect(Buffer.from(candidate[name].data.buffer).equals(Buffer.from(w.data.buffer))).toBe(true);
  });
});
