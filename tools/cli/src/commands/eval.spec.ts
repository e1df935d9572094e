/**
 * `vprog eval` on real services: a stack started through `startStack` (module services, teacher
 * sidecars and the program runner, each its own process) with the seed zoo of `VPROG_MODELS_DIR`
 * (default: the committed models).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTaskItems } from '@vprog/world';
import { parseRoutes, progressBar, runEval, type EvalFlags } from './eval';
import { startStack, type Stack } from './up';

jest.setTimeout(300_000);

describe('vprog eval', () => {
  it('reads --route entries into the modules routed to teachers', () => {
    expect(parseRoutes(['vqa=teacher', 'LOC = Teacher', 'classify=teacher', 'classify=student'])).toEqual(['loc', 'vqa']);
    expect(() => parseRoutes(['ocr=teacher'])).toThrow(/bad --route "ocr=teacher"/);
    expect(() => parseRoutes(['loc'])).toThrow(/module=teacher/);
  });

  it('draws the progress bar in proportion to the items done', () => {
    expect(progressBar(0, 4, 8)).toBe('\r[........] 0/4');
    expect(progressBar(2, 4, 8)).toBe('\r[####....] 2/4');
    expect(progressBar(4, 4, 8)).toBe('\r[########] 4/4');
  });

  describe('on a running stack', () => {
    let stack: Stack;
    let dir: string;
    let runner: string;
    const flags = (extra: Partial<EvalFlags>): EvalFlags => ({ task: 'gqa-shapes', split: 'test', seed: 1, limit: 4, route: [], runner, json: true, concurrency: 2, stateDir: dir, ...extra });

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'vprog-eval-'));
      const seedFrom = process.env.VPROG_MODELS_DIR;
      stack = await startStack({ host: '127.0.0.1', ephemeral: true, stateDir: dir, runner: true, readyTimeoutMs: 240_000, ...(seedFrom === undefined ? {} : { seedFrom }) });
      runner = stack.services.find((s) => s.role === 'runner')?.address ?? '';
    });
    afterAll(async () => {
      await stack?.stop(5_000);
      rmSync(dir, { recursive: true, force: true });
    });

    it('prints {task, split, seed, n, accuracy, per_family} with a family for every item, and a progress bar on stderr', async () => {
      const printed: string[] = [];
      const progress: string[] = [];
      await runEval(flags({}), (t) => printed.push(t), (t) => progress.push(t));
      const report = JSON.parse(printed.join('')) as { task: string; split: string; seed: number; n: number; accuracy: number; per_family: Record<string, number> };
      expect(report).toMatchObject({ task: 'gqa-shapes', split: 'test', seed: 1, n: 4 });
      expect(report.accuracy).toBeGreaterThanOrEqual(0);
      expect(report.accuracy).toBeLessThanOrEqual(1);
      const families = [...new Set(generateTaskItems('gqa-shapes', { split: 'test', seed: 1, count: 4 }).map((i) => i.family))].sort();
      expect(Object.keys(report.per_family)).toEqual(families);
      expect(progress.join('')).toContain('4/4');
    });

    it('routes every module to its teacher when asked, and says so in the report', async () => {
      const report = await runEval(flags({ route: ['loc=teacher', 'facedet=teacher', 'classify=teacher', 'vqa=teacher'], limit: 2 }), () => undefined, () => undefined);
      expect(report.teachers).toEqual(['classify', 'facedet', 'loc', 'vqa']);
      expect(report.n).toBe(2);
      expect(Number.isNaN(report.accuracy)).toBe(false);
    });
  });
});
