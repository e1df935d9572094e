/**
 * The golden check: for every model of the committed zoo, @vprog/models' TypeScript preprocessing
 * plus this library's onnxruntime sessions reproduce every golden output PyTorch stored in the
 * manifest within 1e-4. It deliberately fails — never skips — when the zoo is missing or
 * incomplete. Head-split models are checked both graph by graph and as one backbone → head chain
 * on the worker (the serving path). `VPROG_MODELS_DIR` points it at another model root (e.g. a smoke build).
 *
 * It lives here rather than in libs/models because a domain library may not depend on the
 * runtime (module boundaries), while the runtime may depend on domain libraries.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareGolden, discoverManifests, loadManifest } from '@vprog/models';
import { decodePng } from '@vprog/world';
import { loadModel, type LoadedModel } from './model-pool';
import type { TensorMap } from './tensor';

const MODELS_ROOT = process.env.VPROG_MODELS_DIR ?? join(__dirname, '..', '..', '..', 'models');
const PAIRS = ['loc/student', 'loc/teacher', 'facedet/student', 'facedet/teacher', 'classify/student', 'classify/teacher', 'vqa/student', 'vqa/teacher'];
const TOLERANCE = 1e-4;
const silent = { info: () => undefined, warn: () => undefined };

function versionsOf(pair: string): string[] {
  try {
    return readdirSync(join(MODELS_ROOT, pair), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => join(MODELS_ROOT, pair, e.name));
  } catch {
    return [];
  }
}

describe(`the model zoo in ${MODELS_ROOT}`, () => {
  it('holds the eight models: a student and a teacher for each of loc, facedet, classify and vqa', async () => {
    const found = await discoverManifests(MODELS_ROOT);
    const pairs = [...new Set(found.map((f) => `${f.module}/${f.role}`))].sort();
    expect(pairs).toEqual([...PAIRS].sort());
    expect(found).toHaveLength(8);
  });

  it.each(PAIRS)('%s reproduces its PyTorch goldens within 1e-4 through TS preprocessing and onnxruntime', async (pair) => {
    const dirs = versionsOf(pair);
    expect(dirs.length).toBeGreaterThan(0);
    for (const dir of dirs) {
      const loaded = await loadManifest(dir);
      const { manifest } = loaded;
      expect(manifest.golden.length).toBeGreaterThanOrEqual(3);
      let model: LoadedModel | undefined;
      try {
        model = await loadModel({ name: manifest.name, graphs: loaded.files }, { logger: silent });
        const loadedModel = model;
        const graphByGraph = (graph: string, feeds: TensorMap): Promise<TensorMap> => loadedModel.run(graph, feeds);
        // The serving path: backbone and head in one chain on the worker.
        const chained = Object.assign((graph: string, feeds: TensorMap) => loadedModel.run(graph, feeds), { chain: (graphs: readonly string[], feeds: TensorMap) => loadedModel.runChain(graphs, feeds) });
        for (const [index, golden] of manifest.golden.entries()) {
          const image = decodePng(readFileSync(join(dir, golden.inputs.image)));
          for (const [path, runner] of [['graph by graph', graphByGraph], ['chained', chained]] as const) {
            const comparisons = await compareGolden(manifest, golden, image, runner);
            for (const c of comparisons) {
              expect({ path, golden: index, output: c.output, shapeMatches: c.shapeMatches }).toEqual({ path, golden: index, output: c.output, shapeMatches: true });
              expect(c.maxAbsDiff).toBeLessThanOrEqual(TOLERANCE);
            }
          }
        }
      } finally {
        await model?.close();
      }
    }
  });
});
