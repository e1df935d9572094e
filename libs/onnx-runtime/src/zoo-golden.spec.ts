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
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { discoverManifests } from '@vprog/models';
import { checkGoldens } from './testing/golden-check';

const MODELS_ROOT = process.env.VPROG_MODELS_DIR ?? join(__dirname, '..', '..', '..', 'models');
const PAIRS = ['loc/student', 'loc/teacher', 'facedet/student', 'facedet/teacher', 'classify/student', 'classify/teacher', 'vqa/student', 'vqa/teacher'];
const TOLERANCE = 1e-4;

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
      const { goldens, results } = await checkGoldens(dir);
      expect(goldens).toBeGreaterThanOrEqual(3);
      expect(results.length).toBeGreaterThanOrEqual(2 * goldens);
      for (const r of results) {
        expect({ path: r.path, golden: r.golden, output: r.output, shapeMatches: r.shapeMatches }).toEqual({ path: r.path, golden: r.golden, output: r.output, shapeMatches: true });
        expect(r.maxAbsDiff).toBeLessThanOrEqual(TOLERANCE);
      }
    }
  });
});
