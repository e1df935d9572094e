/**
 * The golden check of one model version, shared by the zoo's spec and the re-split spec: every
 * golden output the manifest stores is reproduced, graph by graph and as one backbone → head chain
 * on the worker (the serving path), and the worst absolute difference per output is returned.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareGolden, loadManifest } from '@vprog/models';
import { decodePng } from '@vprog/world';
import { loadModel, type LoadedModel } from '../model-pool';
import type { TensorMap } from '../tensor';

/** One golden output as one path computed it. */
export interface GoldenResult {
  readonly path: 'graph by graph' | 'chained';
  readonly golden: number;
  readonly output: string;
  readonly shapeMatches: boolean;
  readonly maxAbsDiff: number;
}

const silent = { info: () => undefined, warn: () => undefined };

/** Runs every golden of the version in `dir`; the manifest must hold at least one. */
export async function checkGoldens(dir: string): Promise<{ goldens: number; results: GoldenResult[] }> {
  const loaded = await loadManifest(dir);
  const { manifest } = loaded;
  let model: LoadedModel | undefined;
  const results: GoldenResult[] = [];
  try {
    model = await loadModel({ name: manifest.name, graphs: loaded.files }, { logger: silent });
    const loadedModel = model;
    const graphByGraph = (graph: string, feeds: TensorMap): Promise<TensorMap> => loadedModel.run(graph, feeds);
    const chained = Object.assign((graph: string, feeds: TensorMap) => loadedModel.run(graph, feeds), { chain: (graphs: readonly string[], feeds: TensorMap) => loadedModel.runChain(graphs, feeds) });
    for (const [index, golden] of manifest.golden.entries()) {
      const image = decodePng(readFileSync(join(dir, golden.inputs.image)));
      for (const [path, runner] of [['graph by graph', graphByGraph], ['chained', chained]] as const) {
        for (const c of await compareGolden(manifest, golden, image, runner)) results.push({ path, golden: index, output: c.output, shapeMatches: c.shapeMatches, maxAbsDiff: c.maxAbsDiff });
      }
    }
  } finally {
    await model?.close();
  }
  return { goldens: manifest.golden.length, results };
}
