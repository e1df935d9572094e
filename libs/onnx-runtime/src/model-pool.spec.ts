import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isRuntimeError } from './errors';
import { loadModel, type LoadedModel } from './model-pool';
import { float32Tensor, type TensorMap } from './tensor';
import { fixturePath } from './testing/fixtures';

const tiny = { name: 'tiny-mlp', graphs: { model: { path: fixturePath('tiny-mlp.onnx') } } };
const heavy = { name: 'heavy', graphs: { model: { path: fixturePath('heavy.onnx') } } };
const silent = { info: () => undefined, warn: () => undefined };

function heavyFeeds(n: number): TensorMap {
  const data = new Float32Array(n * 256 * 256);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i) * 0.1;
  return { x: float32Tensor(data, [n, 256, 256]) };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('loadModel with the tiny MLP fixture', () => {
  let model: LoadedModel;
  beforeAll(async () => {
    model = await loadModel(tiny, { logger: silent });
  });
  afterAll(() => model.close());

  it('reproduces the outputs PyTorch computed for the same weights', async () => {
    const expected = JSON.parse(readFileSync(fixturePath('tiny-mlp.expected.json'), 'utf8'));
    const outputs = await model.run('model', { x: float32Tensor(expected.x.data, expected.x.dims) });
    expect(outputs.y.dims).toEqual(expected.y.dims);
    Array.from(outputs.y.data as Float32Array).forEach((v, i) => expect(Math.abs(v - expected.y.data[i])).toBeLessThan(1e-6));
  });

  it('reports the signature of every graph it loaded', () => {
    expect(model.graphs.model.inputs).toEqual([{ name: 'x', type: 'float32', shape: ['N', 4] }]);
    expect(model.graphs.model.outputs.map((o) => o.name)).toEqual(['y']);
    expect(model.provider).toBe('cpu');
  });

  it('gives a batch of four the same outputs as four single requests', async () => {
    const rows = [0.1, -0.2, 0.3, 0.4, 1, 2, -3, 0.5, -1, -1, -1, -1, 0.7, 0, 0.2, 9].map((v) => v);
    const batched = await model.run('model', { x: float32Tensor(rows, [4, 4]) });
    expect(batched.y.dims).toEqual([4, 3]);
    for (let i = 0; i < 4; i++) {
      const single = await model.run('model', { x: float32Tensor(rows.slice(i * 4, i * 4 + 4), [1, 4]) });
      const slice = (batched.y.data as Float32Array).slice(i * 3, i * 3 + 3);
      Array.from(single.y.data as Float32Array).forEach((v, j) => expect(Math.abs(v - slice[j])).toBeLessThan(1e-6));
    }
  });

  it('leaves the caller its input arrays unless it asks to transfer them', async () => {
    const input = float32Tensor([1, 2, 3, 4], [1, 4]);
    await model.run('model', { x: input });
    expect(input.data.length).toBe(4);
    await model.run('model', { x: input }, { transfer: true });
    expect(input.data.length).toBe(0);
  });

  it('rejects feeds of the wrong shape with a typed INFERENCE_FAILED error', async () => {
    const error = await rejection(model.run('model', { x: float32Tensor([1, 2, 3], [1, 3]) }));
    expect(isRuntimeError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'INFERENCE_FAILED' });
  });
});

describe('runChain', () => {
  const chained = { name: 'chained', graphs: { mlp: { path: fixturePath('tiny-mlp.onnx') }, scorer: { path: fixturePath('text-scorer.onnx') } } };
  let model: LoadedModel;
  beforeAll(async () => {
    model = await loadModel(chained, { logger: silent });
  });
  afterAll(() => model.close());

  it('gives a chain of one graph the outputs of run()', async () => {
    const x = [0.5, -1, 2, 0.25];
    const single = await model.run('mlp', { x: float32Tensor(x, [1, 4]) });
    const chain = await model.runChain(['mlp'], { x: float32Tensor(x, [1, 4]) });
    expect(chain.y.dims).toEqual(single.y.dims);
    expect(Array.from(chain.y.data as Float32Array)).toEqual(Array.from(single.y.data as Float32Array));
  });

  it('refuses a chain naming a graph the model lacks with INFERENCE_FAILED', async () => {
    const error = await rejection(model.runChain(['mlp', 'nope'], { x: float32Tensor([1, 2, 3, 4], [1, 4]) }));
    expect(error).toMatchObject({ reason: 'INFERENCE_FAILED' });
    expect((error as Error).message).toContain('no graph nope');
  });

  it('names the input a later graph cannot find among the feeds and the outputs before it', async () => {
    const error = await rejection(model.runChain(['mlp', 'scorer'], { x: float32Tensor([1, 2, 3, 4], [1, 4]) }));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'INFERENCE_FAILED' });
    expect((error as Error).message).toMatch(/scorer needs an input (image|text)/);
    expect((error as Error).message).toContain('mlp → scorer');
  });
});

describe('loadModel with missing or damaged files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onnx-runtime-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the missing file in a NOT_FOUND MODEL_FILE_MISSING error', async () => {
    const missing = join(dir, 'nope.onnx');
    const error = await rejection(loadModel({ name: 'gone', graphs: { model: { path: missing } } }, { logger: silent }));
    expect(isRuntimeError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'NOT_FOUND', reason: 'MODEL_FILE_MISSING', metadata: { file: missing } });
    expect((error as Error).message).toContain(missing);
  });

  it('names a file onnxruntime cannot parse in a FAILED_PRECONDITION MODEL_FILE_CORRUPT error', async () => {
    const corrupt = join(dir, 'corrupt.onnx');
    writeFileSync(corrupt, Buffer.from('this is not a protobuf model at all'));
    const error = await rejection(loadModel({ name: 'bad', graphs: { model: { path: corrupt } } }, { logger: silent }));
    expect(error).toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'MODEL_FILE_CORRUPT', metadata: { file: corrupt } });
  });

  it('refuses a file whose sha256 differs from the manifest and accepts the right one', async () => {
    const path = fixturePath('tiny-mlp.onnx');
    const wrong = { name: 'tiny', graphs: { model: { path, sha256: '0'.repeat(64) } } };
    const error = await rejection(loadModel(wrong, { logger: silent }));
    expect(error).toMatchObject({ reason: 'MODEL_FILE_CORRUPT', metadata: { file: path, expectedSha256: '0'.repeat(64) } });
    const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
    const model = await loadModel({ name: 'tiny', graphs: { model: { path, sha256 } } }, { logger: silent });
    await model.close();
  });
});

describe('the CUDA execution provider', () => {
  it('falls back to CPU with exactly one log line when CUDA is unavailable', async () => {
    const lines: string[] = [];
    const logger = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) };
    const model = await loadModel(tiny, { executionProvider: 'cuda', poolSize: 2, logger });
    try {
      expect(model.provider).toBe('cpu');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/tiny-mlp: CUDA execution provider unavailable .*falling back to CPU/);
      const outputs = await model.run('model', { x: float32Tensor([0, 0, 0, 0], [1, 4]) });
      expect(outputs.y.dims).toEqual([1, 3]);
    } finally {
      await model.close();
    }
  });
});

describe('worker threads', () => {
  it('keep the main event loop responsive while a run is in flight', async () => {
    const model = await loadModel(heavy, { logger: silent, intraOpNumThreads: 1 });
    try {
      // A timer set after the run starts fires before the run ends: the main thread is free while
      // the session works. A run on the main thread would block until it is done, and its settled
      // promise would resume this function before any timer. (Ordering, unlike counting ticks,
      // does not depend on how loaded the machine is.)
      const started = Date.now();
      const order: string[] = [];
      const run = model.run('model', heavyFeeds(4)).then(() => order.push('run'));
      const timer = new Promise<void>((done) => setTimeout(() => done(void order.push('timer')), 0));
      await Promise.all([run, timer]);
      expect(Date.now() - started).toBeGreaterThan(50);
      expect(order).toEqual(['timer', 'run']);
    } finally {
      await model.close();
    }
  });

  it('reject the pending requests of a crashed worker with WORKER_CRASHED, then serve from a replacement', async () => {
    const model = await loadModel(heavy, { logger: silent, intraOpNumThreads: 1 });
    try {
      model.simulateWorkerCrash();
      const error = await rejection(model.run('model', heavyFeeds(1)));
      expect(error).toMatchObject({ code: 'UNAVAILABLE', reason: 'WORKER_CRASHED' });
      const outputs = await model.run('model', heavyFeeds(1));
      expect(outputs.y.dims).toEqual([1, 256, 256]);
    } finally {
      await model.close();
    }
  });

  it('let close() finish in-flight work, then refuse new requests with RUNTIME_CLOSED', async () => {
    const model = await loadModel(tiny, { logger: silent });
    const inFlight = model.run('model', { x: float32Tensor([1, 1, 1, 1], [1, 4]) });
    await model.close();
    await expect(inFlight).resolves.toHaveProperty('y');
    const error = await rejection(model.run('model', { x: float32Tensor([1, 1, 1, 1], [1, 4]) }));
    expect(error).toMatchObject({ code: 'UNAVAILABLE', reason: 'RUNTIME_CLOSED' });
    await model.close();
  });

  it('let close({ drain: false }) reject in-flight work with RUNTIME_CLOSED', async () => {
    const model = await loadModel(heavy, { logger: silent, intraOpNumThreads: 1 });
    const inFlight = model.run('model', heavyFeeds(8));
    await model.close({ drain: false });
    const error = await rejection(inFlight);
    expect(error).toMatchObject({ reason: 'RUNTIME_CLOSED' });
  });

  it('also start when the code runs under tsx instead of jest', async () => {
    const root = join(__dirname, '..', '..', '..');
    const script = join(__dirname, 'testing', 'tsx-smoke.ts');
    const { stdout } = await promisify(execFile)(join(root, 'node_modules', '.bin', 'tsx'), [script], { cwd: root });
    const result = JSON.parse(stdout.trim());
    expect(result.dims).toEqual([1, 3]);
    expect(result.data[0]).toBeCloseTo(0.41934, 4);
  });
});
