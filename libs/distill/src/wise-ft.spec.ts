import { concatRows } from './float-tensor';
import { trainHead } from './head-trainer';
import { createSeededRandom } from './seeded-random';
import { clusterTask, mlpHead, randomTensor, softmaxOptions } from './testing/head-fixtures';
import { runHead } from './tf-graph';
import { interpolateWeights } from './wise-ft';

function distance(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

describe('interpolateWeights', () => {
  const parent = { w: { dims: [3], data: Float32Array.of(1, 2, 3) } };
  const trained = { w: { dims: [3], data: Float32Array.of(3, 2, -1) } };

  it('gives the parent at α = 0, the trained weights at α = 1 and the midpoint at α = 0.5', () => {
    expect(interpolateWeights(parent, trained, 0).w.data).toEqual(parent.w.data);
    expect(interpolateWeights(parent, trained, 1).w.data).toEqual(trained.w.data);
    expect(interpolateWeights(parent, trained, 0.5).w.data).toEqual(Float32Array.of(2, 2, 1));
  });

  it('refuses α outside [0, 1]', () => {
    expect(() => interpolateWeights(parent, trained, 1.5)).toThrow(RangeError);
  });
});

describe('WiSE-FT candidates of trainHead', () => {
  it('put α = 0 on the parent, α = 1 on the trained head and α = 0.5 between them', async () => {
    const head = mlpHead();
    const { examples } = clusterTask(6, 12);
    const options = softmaxOptions({ epochs: 4, mode: 'lora', rank: 4, learningRate: 0.02 });
    const [mixed, plain] = await Promise.all([trainHead(head, examples, { ...options, wiseFtAlphas: [0, 0.5, 1] }), trainHead(head, examples, options)]);
    expect(mixed.candidates.map((c) => c.alpha)).toEqual([0, 0.5, 1]);
    expect(Buffer.from(mixed.candidates[2].head).equals(Buffer.from(plain.candidates[0].head))).toBe(true);

    const probe = { features: concatRows([...examples.map((e) => e.feeds.features), randomTensor(createSeededRandom(1), [4, 256])]) };
    const [parentOut, out0, outHalf, out1] = await Promise.all([runHead(head, probe), ...mixed.candidates.map((c) => runHead(c.head, probe))]);
    expect(out0.logits.data).toEqual(parentOut.logits.data);
    const full = distance(out1.logits.data, parentOut.logits.data);
    expect(full).toBeGreaterThan(1);
    const half = distance(outHalf.logits.data, parentOut.logits.data);
    expect(half).toBeGreaterThan(0.2 * full);
    expect(half).toBeLessThan(0.8 * full);
    expect(distance(outHalf.logits.data, out1.logits.data)).toBeLessThan(full);
  });
});
