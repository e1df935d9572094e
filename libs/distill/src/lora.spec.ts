import { trainHead } from './head-trainer';
import { matrixWeights } from './lora';
import { readHeadModel } from './onnx-head';
import { createSeededRandom } from './seeded-random';
import { clusterTask, mlpHead, softmaxOptions } from './testing/head-fixtures';

/**
 * The singular values σ1 ≥ … ≥ σk of a rows×cols matrix, estimated by subspace iteration (a few
 * power iterations on k vectors at once, re-orthonormalised each time).
 */
function topSingularValues(m: Float64Array, rows: number, cols: number, k: number, iterations = 40): number[] {
  const random = createSeededRandom(99);
  let q: Float64Array[] = Array.from({ length: k }, () => Float64Array.from({ length: cols }, () => random.uniform(-1, 1)));
  const times = (v: Float64Array): Float64Array => {
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r] += m[r * cols + c] * v[c];
    return out;
  };
  const timesT = (u: Float64Array): Float64Array => {
    const out = new Float64Array(cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c] += m[r * cols + c] * u[r];
    return out;
  };
  const orthonormalise = (vs: readonly Float64Array[]): Float64Array[] => {
    const basis: Float64Array[] = [];
    for (const v of vs) {
      const w = Float64Array.from(v);
      // Gram–Schmidt twice: one pass loses orthogonality when almost all of w cancels out.
      for (let pass = 0; pass < 2; pass++) {
        for (const b of basis) {
          let dot = 0;
          for (let i = 0; i < w.length; i++) dot += w[i] * b[i];
          for (let i = 0; i < w.length; i++) w[i] -= dot * b[i];
        }
      }
      const norm = Math.hypot(...w) || 1;
      basis.push(w.map((x) => x / norm));
    }
    return basis;
  };
  for (let i = 0; i < iterations; i++) q = orthonormalise(q.map((v) => timesT(times(v))));
  return q.map((v) => Math.hypot(...times(v))).sort((a, b) => b - a);
}

function delta(a: Float32Array, b: Float32Array): Float64Array {
  return Float64Array.from(a, (v, i) => b[i] - v);
}

describe('LoRA mode', () => {
  const head = mlpHead();
  const parent = readHeadModel(head);
  const { examples } = clusterTask(4, 16);

  it('adapts the MatMul/Gemm matrices of the head', () => {
    expect(matrixWeights(parent).sort()).toEqual(['mlp.layers.0.weight', 'mlp.layers.2.weight']);
  });

  it('changes only the matrices, each by an update of rank ≤ r, while full mode changes more', async () => {
    const rank = 2;
    const [lora, full] = await Promise.all([
      trainHead(head, examples, softmaxOptions({ mode: 'lora', rank, epochs: 5 })),
      trainHead(head, examples, softmaxOptions({ mode: 'full', epochs: 5 })),
    ]);
    const loraWeights = readHeadModel(lora.candidates[0].head).weights;
    const fullWeights = readHeadModel(full.candidates[0].head).weights;
    for (const bias of ['mlp.layers.0.bias', 'mlp.layers.2.bias']) {
      expect(loraWeights[bias].data).toEqual(parent.weights[bias].data);
      expect(fullWeights[bias].data).not.toEqual(parent.weights[bias].data);
    }
    for (const name of ['mlp.layers.0.weight', 'mlp.layers.2.weight']) {
      const [rows, cols] = parent.weights[name].dims;
      const loraSigma = topSingularValues(delta(parent.weights[name].data, loraWeights[name].data), rows, cols, rank + 1);
      expect(loraSigma[0]).toBeGreaterThan(1e-3);
      expect(loraSigma[rank] / loraSigma[0]).toBeLessThan(1e-3);
      const fullSigma = topSingularValues(delta(parent.weights[name].data, fullWeights[name].data), rows, cols, rank + 1);
      expect(fullSigma[rank] / fullSigma[0]).toBeGreaterThan(1e-2);
    }
  });
});
