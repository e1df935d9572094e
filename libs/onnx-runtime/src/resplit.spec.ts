/**
 * tools/zoo/resplit.py moves the cut between a student's backbone and head without retraining; the
 * re-split version must compute exactly what the committed one does. It needs the Debian
 * python3-onnx the zoo smoke run needs, and fails (never skips) without it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkGoldens } from './testing/golden-check';

const ROOT = join(__dirname, '..', '..', '..');
const SCRIPT = join(ROOT, 'tools', 'zoo', 'resplit.py');
const resplit = (args: string[]): string => execFileSync('/usr/bin/python3', [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('tools/zoo/resplit.py', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vprog-resplit-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('cuts the facedet student after its trunk: the head gains its convolutions and the goldens still hold, chained and graph by graph', async () => {
    const out = join(dir, 'facedet-trunk');
    const printed = resplit([join(ROOT, 'models', 'facedet', 'student', 'v1'), out, '/trunk/layers/layers.2/layers.2.2/Relu_output_0=trunk']);
    expect(printed).toMatch(/head: \['trunk'\] → \['grid'\] \(.*Conv.*\)/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { graph: { head: { inputs: Array<{ name: string; shape: unknown[] }> } } };
    expect(manifest.graph.head.inputs).toEqual([{ name: 'trunk', dtype: 'float32', shape: ['N', 48, 16, 16] }]);
    const { goldens, results } = await checkGoldens(out);
    expect(results).toHaveLength(2 * goldens);
    for (const r of results) {
      expect(r.shapeMatches).toBe(true);
      expect(r.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    }
  });

  it('refuses a tensor the graphs do not have, writing nothing', () => {
    const out = join(dir, 'nothing');
    expect(() => resplit([join(ROOT, 'models', 'facedet', 'student', 'v1'), out, '/no/such/tensor=x'])).toThrow(/no tensor named \/no\/such\/tensor/);
    expect(() => readFileSync(join(out, 'manifest.json'))).toThrow();
  });
});
