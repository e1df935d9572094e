/**
 * Model latency through @vprog/onnx-runtime (worker threads included): for every model of the zoo,
 * the median batch-1 and batch-16 time of a full run (backbone + head for students), with inputs
 * built from the model's own golden case by the TypeScript preprocessing.
 *
 *   npx tsx bench/model-latency.ts [--models DIR] [--runs N] [--threads N]
 *
 * Target: a student's batch-1 latency ≤ 10 ms on a 2-core CPU.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { discoverManifests, goldenFeeds, loadManifest, runModel, type Manifest, type Tensor, type TensorMap } from '@vprog/models';
import { loadModel } from '@vprog/onnx-runtime';
import { decodePng } from '@vprog/world';
import { median } from './stats';

const STUDENT_TARGET_MS = 10;

/** Repeats the batched inputs (first dim `N` in the manifest) to `batch` rows; shared inputs stay. */
function tile(manifest: Manifest, feeds: TensorMap, batch: number): TensorMap {
  const entry = manifest.graph.backbone ?? manifest.graph.model;
  const out: TensorMap = {};
  for (const [name, tensor] of Object.entries(feeds)) {
    const batched = entry.inputs.find((i) => i.name === name)?.shape[0] === 'N';
    if (!batched) {
      out[name] = tensor;
      continue;
    }
    const row = tensor.data.length / tensor.dims[0];
    const data = new (tensor.data.constructor as new (n: number) => Tensor['data'])(row * batch);
    for (let i = 0; i < batch; i++) (data as Float32Array).set((tensor.data as Float32Array).subarray(0, row), i * row);
    out[name] = { type: tensor.type, dims: [batch, ...tensor.dims.slice(1)], data };
  }
  return out;
}

async function time(run: () => Promise<unknown>, runs: number): Promise<number> {
  for (let i = 0; i < 5; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { models: { type: 'string', default: join(__dirname, '..', 'models') }, runs: { type: 'string', default: '50' }, threads: { type: 'string' } },
  });
  const root = resolve(values.models);
  const runs = Number(values.runs);
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  const found = await discoverManifests(root);
  if (found.length === 0) throw new Error(`no models under ${root}`);
  const rows = [['model', 'role', 'batch-1 ms', 'batch-16 ms', 'target']];
  for (const location of found) {
    const loaded = await loadManifest(location.dir);
    const { manifest } = loaded;
    const golden = manifest.golden[0];
    if (golden === undefined) throw new Error(`${manifest.name} has no golden case to build inputs from`);
    const image = decodePng(readFileSync(join(location.dir, golden.inputs.image)));
    const feeds = goldenFeeds(manifest, golden, image);
    const model = await loadModel({ name: manifest.name, graphs: loaded.files }, threads === undefined ? {} : { intraOpNumThreads: threads });
    try {
      const runner = (graph: string, f: TensorMap) => model.run(graph, f);
      const one = await time(() => runModel(manifest, runner, feeds), runs);
      const sixteen = tile(manifest, feeds, 16);
      const many = await time(() => runModel(manifest, runner, sixteen), Math.max(5, Math.floor(runs / 4)));
      const target = manifest.role === 'student' ? (one <= STUDENT_TARGET_MS ? `ok (≤ ${STUDENT_TARGET_MS})` : `MISSED (> ${STUDENT_TARGET_MS})`) : '';
      rows.push([`${manifest.name}@${manifest.version}`, manifest.role, one.toFixed(2), many.toFixed(2), target]);
    } finally {
      await model.close();
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  process.stdout.write(`${rows.map((r) => r.map((v, c) => v.padEnd(widths[c])).join('  ').trimEnd()).join('\n')}\n`);
  process.stdout.write(`median of ${runs} runs (batch 16: ${Math.max(5, Math.floor(runs / 4))}), models from ${root}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`model-latency: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
