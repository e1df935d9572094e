import { concatBatch, runBatched, splitBatch } from './batching';
import { isRuntimeError } from './errors';
import { loadModel } from './model-pool';
import { float32Tensor, type TensorMap } from './tensor';
import { fixturePath } from './testing/fixtures';

describe('concatBatch and splitBatch', () => {
  it('concatenate requests along dim 0 and split the outputs back per request', () => {
    const a = { x: float32Tensor([1, 2, 3, 4], [2, 2]) };
    const b = { x: float32Tensor([5, 6], [1, 2]) };
    const { feeds, sizes } = concatBatch([a, b]);
    expect(feeds.x.dims).toEqual([3, 2]);
    expect(Array.from(feeds.x.data as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sizes).toEqual([2, 1]);
    const parts = splitBatch({ y: float32Tensor([10, 20, 30], [3, 1]) }, sizes);
    expect(parts.map((p) => Array.from(p.y.data as Float32Array))).toEqual([[10, 20], [30]]);
    expect(parts[0].y.dims).toEqual([2, 1]);
  });

  it('pass shared inputs once and hand shared outputs to every request', () => {
    const text = float32Tensor([1, 0, 0, 1], [2, 2]);
    const requests = [
      { image: float32Tensor([1, 1], [1, 2]), text },
      { image: float32Tensor([2, 2], [1, 2]), text: float32Tensor([1, 0, 0, 1], [2, 2]) },
    ];
    const { feeds } = concatBatch(requests, { sharedInputs: ['text'] });
    expect(feeds.text.dims).toEqual([2, 2]);
    expect(feeds.text.data).not.toBe(text.data);
    const parts = splitBatch({ text_features: text, logits: float32Tensor([1, 2, 3, 4], [2, 2]) }, [1, 1], {
      sharedOutputs: ['text_features'],
    });
    expect(parts[1].text_features).toBe(text);
    expect(Array.from(parts[1].logits.data as Float32Array)).toEqual([3, 4]);
  });

  it('refuse requests whose trailing dims, types or shared inputs differ', () => {
    const catch_ = (f: () => unknown): unknown => {
      try {
        f();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const dims = catch_(() => concatBatch([{ x: float32Tensor([1, 2], [1, 2]) }, { x: float32Tensor([1, 2, 3], [1, 3]) }]));
    expect(isRuntimeError(dims) && dims.reason).toBe('BATCH_MISMATCH');
    const shared = catch_(() =>
      concatBatch(
        [
          { x: float32Tensor([1], [1, 1]), t: float32Tensor([1], [1]) },
          { x: float32Tensor([1], [1, 1]), t: float32Tensor([2], [1]) },
        ],
        { sharedInputs: ['t'] },
      ),
    );
    expect(shared).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'BATCH_MISMATCH' });
    const split = catch_(() => splitBatch({ y: float32Tensor([1, 2], [2]) }, [1, 2]));
    expect(split).toMatchObject({ reason: 'BATCH_MISMATCH' });
  });
});

describe('runBatched on a real model', () => {
  it('gives each request the same outputs as running it alone, with a shared text input', async () => {
    const model = await loadModel(
      { name: 'text-scorer', graphs: { model: { path: fixturePath('text-scorer.onnx') } } },
      { logger: { info: () => undefined, warn: () => undefined } },
    );
    try {
      const text = float32Tensor([1, 0, 0, 0, 0, 1, 0, 0, 0.5, 0.5, 0.5, 0.5], [3, 4]);
      const requests: TensorMap[] = [
        { image: float32Tensor([1, 2, 3, 4], [1, 4]), text },
        { image: float32Tensor([0, 1, 0, 1, -1, -2, -3, -4], [2, 4]), text },
        { image: float32Tensor([9, 8, 7, 6], [1, 4]), text },
      ];
      const batched = await runBatched((feeds, options) => model.run('model', feeds, options), requests, {
        sharedInputs: ['text'],
      });
      expect(text.data.length).toBe(12);
      for (let i = 0; i < requests.length; i++) {
        const alone = await model.run('model', requests[i]);
        expect(batched[i].logits.dims).toEqual(alone.logits.dims);
        expect(Array.from(batched[i].logits.data as Float32Array)).toEqual(Array.from(alone.logits.data as Float32Array));
        expect(Array.from(batched[i].norm.data as Float32Array)).toEqual(Array.from(alone.norm.data as Float32Array));
      }
    } finally {
      await model.close();
    }
  });
});
