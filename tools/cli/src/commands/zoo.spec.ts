import { Command } from 'commander';
import { DEFAULT_MODELS_DIR, formatZooTable, registerZooCommands, type ZooResult } from './zoo';

/** The zoo under test: the committed models, or another root (e.g. a smoke build) via VPROG_MODELS_DIR. */
const MODELS = process.env.VPROG_MODELS_DIR ?? DEFAULT_MODELS_DIR;

/** Runs `vprog zoo …` in-process and returns what it printed on stdout. */
async function vprog(...args: string[]): Promise<string> {
  const printed: string[] = [];
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const program = new Command('vprog').exitOverride();
    registerZooCommands(program);
    await program.parseAsync(['node', 'vprog', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return printed.join('');
}

describe('vprog zoo eval', () => {
  it('measures every student and teacher per domain and prints exactly one JSON line', async () => {
    const printed = await vprog('zoo', 'eval', '--models', MODELS, '--seed', '3', '--count', '6', '--batch', '8', '--json');
    const lines = printed.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]) as { seed: number; count: number; results: ZooResult[] };
    expect(Object.keys(report).sort()).toEqual(['count', 'results', 'seed']);
    expect(report).toMatchObject({ seed: 3, count: 6 });
    const primary = report.results.filter((r) => r.metric === 'ap50' || r.metric === 'accuracy');
    const cells = primary.map((r) => `${r.module}/${r.role}/${r.domain}/${r.metric}`).sort();
    const expected = ['loc', 'facedet', 'classify', 'vqa'].flatMap((module) =>
      ['student', 'teacher'].flatMap((role) =>
        ['studio', 'paper', 'noise', 'dusk'].map((domain) => `${module}/${role}/${domain}/${module === 'loc' || module === 'facedet' ? 'ap50' : 'accuracy'}`),
      ),
    );
    expect(cells).toEqual(expected.sort());
    for (const r of report.results) {
      expect(Object.keys(r).sort()).toEqual(['domain', 'metric', 'module', 'n', 'role', 'value']);
      expect(r.value).toBeGreaterThanOrEqual(0);
      expect(r.value).toBeLessThanOrEqual(1);
      expect(r.n).toBeGreaterThan(0);
    }
    expect(primary.filter((r) => r.module === 'vqa').every((r) => r.n === 6)).toBe(true);
  });

  it('rejects an unknown module at parse time', async () => {
    await expect(vprog('zoo', 'eval', '--module', 'ocr', '--json')).rejects.toThrow(/unknown module "ocr"/);
  });

  it('formats a readable table with students next to teachers', () => {
    const table = formatZooTable([
      { module: 'vqa', role: 'student', domain: 'dusk', metric: 'accuracy', value: 0.5, n: 10 },
      { module: 'vqa', role: 'teacher', domain: 'dusk', metric: 'accuracy', value: 0.75, n: 10 },
    ]);
    expect(table.split('\n')).toEqual([
      'module  domain  metric    student       teacher',
      'vqa     dusk    accuracy  0.500 (n=10)  0.750 (n=10)',
    ]);
  });
});
