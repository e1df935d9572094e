import { readHeadModel } from './onnx-head';
import { createSeededRandom } from './seeded-random';
import { loadHead, mlpHead, randomTensor } from './testing/head-fixtures';
import { ensureTfBackend } from './tf-backend';
import { runHead } from './tf-graph';

/** y = x·Wᵀ + b for x [n, in], W [out, in] (a Gemm with transB = 1), in double precision. */
function linear(x: ArrayLike<number>, n: number, w: Float32Array, b: Float32Array, out: number): Float64Array {
  const inDim = w.length / out;
  const y = new Float64Array(n * out);
  for (let r = 0; r < n; r++) {
    for (let o = 0; o < out; o++) {
      let s = b[o];
      for (let i = 0; i < inDim; i++) s += x[r * inDim + i] * w[o * inDim + i];
      y[r * out + o] = s;
    }
  }
  return y;
}

const relu = (y: Float64Array): Float64Array => y.map((v) => Math.max(0, v));

describe('runHead', () => {
  const random = createSeededRandom(11);

  it('runs on the WebAssembly backend shipped in the npm package', async () => {
    await expect(ensureTfBackend()).resolves.toBe('wasm');
  });

  it('computes an MLP head exactly as a plain matrix-multiply reference does', async () => {
    const head = mlpHead();
    const w = readHeadModel(head).weights;
    const features = randomTensor(random, [3, 256]);
    const { logits } = await runHead(head, { features });
    const hidden = relu(linear(features.data, 3, w['mlp.layers.0.weight'].data, w['mlp.layers.0.bias'].data, 256));
    const expected = linear(hidden, 3, w['mlp.layers.2.weight'].data, w['mlp.layers.2.bias'].data, 38);
    expect(logits.dims).toEqual([3, 38]);
    let worst = 0;
    for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - logits.data[i]));
    expect(worst).toBeLessThan(1e-4);
  });

  it('gives the classify head one cosine-scaled logit per box and category, bounded by the logit scale', async () => {
    const head = loadHead('classify');
    const { logits } = await runHead(head, { image_features: randomTensor(random, [4, 256]), text_features: randomTensor(random, [6, 64]) });
    expect(logits.dims).toEqual([4, 6]);
    // Normalised features on both sides: |logit| ≤ the graph's constant scale (≈ 14.73).
    for (const v of logits.data) expect(Math.abs(v)).toBeLessThanOrEqual(14.7257);
    expect(new Set(logits.data).size).toBe(24);
  });

  it('gives the loc and facedet heads a [N, 256, 5] grid', async () => {
    const loc = await runHead(loadHead('loc'), { features: randomTensor(random, [2, 256, 96]), phrase_code: randomTensor(random, [2, 1, 64]) });
    expect(loc.grid.dims).toEqual([2, 256, 5]);
    const facedet = await runHead(loadHead('facedet'), { features: randomTensor(random, [1, 256, 64]) });
    expect(facedet.grid.dims).toEqual([1, 256, 5]);
    expect(facedet.grid.data.every(Number.isFinite)).toBe(true);
  });

  it('rejects a missing or malformed feed with INVALID_EXAMPLE', async () => {
    await expect(runHead(mlpHead(), {})).rejects.toMatchObject({ reason: 'INVALID_EXAMPLE', code: 'INVALID_ARGUMENT' });
    await expect(runHead(mlpHead(), { features: { dims: [2, 256], data: new Float32Array(10) } })).rejects.toMatchObject({ reason: 'INVALID_EXAMPLE' });
    await expect(runHead(mlpHead(), { features: randomTensor(random, [2, 255]) })).rejects.toMatchObject({ reason: 'INVALID_EXAMPLE' });
  });
});
