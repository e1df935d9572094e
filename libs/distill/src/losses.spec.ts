import * as tf from '@tensorflow/tfjs';
import { trainHead } from './head-trainer';
import { gridRowLoss, softmaxRowLoss, type GridSpec } from './losses';
import { createSeededRandom } from './seeded-random';
import { loadHead, randomTensor } from './testing/head-fixtures';
import { ensureTfBackend } from './tf-backend';
import { runHead } from './tf-graph';
import type { TrainOptions } from './train-options';

const SPEC: GridSpec = { stride: 8, grid: 16, boxScale: 16, canvas: 128 };
const CELL = 5 * 16 + 7; // row 5, col 7
const BOX = { cx: 62, cy: 45, w: 30, h: 20 };

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const logit = (p: number): number => Math.log(p / (1 - p));

/** A grid target with one positive cell holding {@link BOX}. */
function oneBoxTarget(): Float32Array {
  const t = new Float32Array(256 * 6);
  const o = CELL * 6;
  t.set([1, BOX.cx, BOX.cy, BOX.w, BOX.h, 1], o);
  return t;
}

/** The decoded box and score of one cell of a raw grid [1, 256, 5]. */
function decodeCell(grid: Float32Array, cell: number): { score: number; cx: number; cy: number; w: number; h: number } {
  const i = cell * 5;
  return {
    score: sigmoid(grid[i]),
    cx: ((cell % 16) + sigmoid(grid[i + 1])) * 8,
    cy: (Math.floor(cell / 16) + sigmoid(grid[i + 2])) * 8,
    w: Math.exp(grid[i + 3]) * 16,
    h: Math.exp(grid[i + 4]) * 16,
  };
}

const boxError = (b: { cx: number; cy: number; w: number; h: number }): number =>
  Math.abs(b.cx - BOX.cx) + Math.abs(b.cy - BOX.cy) + Math.abs(b.w - BOX.w) + Math.abs(b.h - BOX.h);

describe('losses', () => {
  beforeAll(async () => {
    await ensureTfBackend();
  });

  it('scores a softmax prediction that equals the softened target as 0, and a wrong one above 0', () => {
    const q = Float32Array.of(0.7, 0.2, 0.1);
    const qLogQ = q.reduce((s, v) => s + v * Math.log(v), 0);
    const [exact, wrong] = tf.tidy(() => {
      const target = tf.tensor2d(q, [1, 3]);
      const perfect = softmaxRowLoss(tf.mul(tf.log(target), 2), target, tf.tensor1d([qLogQ]), 2);
      const off = softmaxRowLoss(tf.tensor2d([[0, 0, 5]]), target, tf.tensor1d([qLogQ]), 2);
      return [perfect.dataSync()[0], off.dataSync()[0]];
    });
    expect(Math.abs(exact)).toBeLessThan(1e-5);
    expect(wrong).toBeGreaterThan(0.5);
  });

  it('scores a grid that decodes to the target box with the right objectness as about 0', () => {
    const grid = new Float32Array(256 * 5);
    for (let c = 0; c < 256; c++) grid[c * 5] = -20;
    const col = CELL % 16;
    const row = Math.floor(CELL / 16);
    grid.set([20, logit(BOX.cx / 8 - col), logit(BOX.cy / 8 - row), Math.log(BOX.w / 16), Math.log(BOX.h / 16)], CELL * 5);
    const [perfect, shifted] = tf.tidy(() => {
      const target = tf.tensor3d(oneBoxTarget(), [1, 256, 6]);
      const good = gridRowLoss(tf.tensor3d(grid, [1, 256, 5]), target, tf.tensor1d([1]), SPEC).dataSync()[0];
      const moved = Float32Array.from(grid);
      moved[CELL * 5 + 3] += 1; // the box three times as wide
      const bad = gridRowLoss(tf.tensor3d(moved, [1, 256, 5]), target, tf.tensor1d([1]), SPEC).dataSync()[0];
      return [good, bad];
    });
    expect(perfect).toBeLessThan(1e-4);
    expect(shifted).toBeGreaterThan(0.3);
  });
});

describe('trainHead with the grid loss', () => {
  it('raises the objectness of the positive cell and moves its decoded box toward the target', async () => {
    const head = loadHead('loc');
    // The loc head reads per-cell features and the phrase's code: two row inputs per example.
    const random = createSeededRandom(21);
    const feeds = { features: randomTensor(random, [1, 256, 96]), phrase_code: randomTensor(random, [1, 1, 64]) };
    const options: TrainOptions = {
      mode: 'full',
      rank: 4,
      epochs: 80,
      learningRate: 0.01,
      batchSize: 1,
      temperature: 1,
      anchorWeight: 1,
      seed: 3,
      wiseFtAlphas: [],
      loss: { kind: 'grid', ...SPEC },
      rowInputs: ['features', 'phrase_code'],
      output: 'grid',
    };
    const example = { feeds, target: { dims: [1, 256, 6], data: oneBoxTarget() }, weight: 1, kind: 'target' as const };
    const result = await trainHead(head, [example], options);
    const before = decodeCell((await runHead(head, feeds)).grid.data, CELL);
    const after = decodeCell((await runHead(result.candidates[0].head, feeds)).grid.data, CELL);
    expect(result.lossCurve.at(-1)!.targetLoss).toBeLessThan(result.lossCurve[0].targetLoss);
    expect(after.score).toBeGreaterThan(before.score + 0.3);
    expect(boxError(after)).toBeLessThan(boxError(before) * 0.5);
  });
});
