/**
 * `vprog distill --size tiny --json` end to end on the real stack: the eight module services, the
 * program runner and the coordinator as child processes on loopback, the committed zoo, real
 * distillation runs (naive and SDVP) and real test-split measurements. The numbers of a tiny study
 * are noise; what is checked is that every arm measured every cell, the gate's decisions were
 * recorded, and the reports were written.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerDistillCommands } from './distill';

interface JsonCell {
  readonly value: number | null;
  readonly n: number;
  readonly [metric: string]: number | null;
}

interface StudyJson {
  readonly seed: number;
  readonly passes: number;
  readonly passesMade: Record<string, number>;
  readonly gains: Record<string, { gain: number | null; pairedStandardError: number | null; n: number }>;
  readonly targets: string[];
  readonly guards: string[];
  readonly rows: Record<string, Record<string, JsonCell>>;
  readonly decisions: Array<{ arm: string; runId: string; task: string; module: string; promoted: boolean; reason: string }>;
  readonly report: string;
  readonly html: string;
}

describe('vprog distill', () => {
  let stateDir: string;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'vprog-distill-'));
  });
  afterAll(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it('runs the whole tiny study and prints one JSON object with every row, task and decision', async () => {
    let out = '';
    let err = '';
    const program = new Command('vprog').exitOverride();
    registerDistillCommands(program, { out: (t) => void (out += t), progressStream: { write: (t: string) => (err += t) } });
    const targets = ['face-tag', 'gqa-shapes'];
    const guards = ['shape-tag', 'size-qa'];
    await program.parseAsync(['distill', '--size', 'tiny', '--json', '--seed', '3', '--passes', '2', '--tasks', targets.join(','), '--guards', guards.join(','), '--state-dir', stateDir], { from: 'user' });

    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const study = JSON.parse(lines[0]) as StudyJson;
    expect(study).toMatchObject({ seed: 3, passes: 2, targets, guards });

    const metric: Record<string, string> = { 'face-tag': 'tag-f1', 'gqa-shapes': 'accuracy', 'shape-tag': 'tag-f1', 'size-qa': 'accuracy' };
    const expectCells = (row: string, tasks: readonly string[]) => {
      expect(Object.keys(study.rows[row]).sort()).toEqual([...tasks].sort());
      for (const task of tasks) {
        const cell = study.rows[row][task];
        expect(cell.n).toBeGreaterThan(0);
        expect(cell[metric[task]]).toBe(cell.value);
      }
    };
    for (const row of ['students', 'teachers', 'naive', 'sdvp']) expectCells(row, [...targets, ...guards]);
    expectCells('sdvp_sequential', targets);
    // The students' own cells are computed: a scorable metric for every task.
    for (const task of [...targets, ...guards]) expect(typeof study.rows.students[task].value).toBe('number');

    // SDVP's final gain on every task, on the same items as the students' cells.
    expect(Object.keys(study.gains).sort()).toEqual([...targets, ...guards].sort());
    for (const task of [...targets, ...guards]) {
      const final = (targets.includes(task) ? study.rows.sdvp_sequential : study.rows.sdvp)[task];
      const gain = study.gains[task];
      expect(gain.n).toBe(study.rows.students[task].n);
      expect(gain.gain).toBeCloseTo((final.value as number) - (study.rows.students[task].value as number), 10);
      expect(gain.pairedStandardError).toBeGreaterThanOrEqual(0);
    }

    for (const arm of ['naive', 'sdvp']) {
      for (const task of targets) expect(study.decisions.some((d) => d.arm === arm && d.task === task)).toBe(true);
    }
    // Naive distillation has no gate: every candidate is promoted.
    expect(study.decisions.filter((d) => d.arm === 'naive').every((d) => d.promoted)).toBe(true);
    // One coordinator run per pass. SDVP makes a second pass over a target exactly when its first
    // promoted something; naive distillation makes as many passes, one decision per module each.
    expect(Object.keys(study.passesMade).sort()).toEqual([...targets].sort());
    for (const task of targets) {
      const runs = (arm: string) => [...new Set(study.decisions.filter((d) => d.arm === arm && d.task === task).map((d) => d.runId))];
      const made = study.passesMade[task];
      expect(runs('sdvp')).toHaveLength(made);
      expect(runs('naive')).toHaveLength(made);
      const firstPass = study.decisions.filter((d) => d.runId === runs('sdvp')[0]);
      expect(made).toBe(firstPass.some((d) => d.promoted) ? 2 : 1);
      expect(study.decisions.filter((d) => d.arm === 'naive' && d.task === task)).toHaveLength(made * firstPass.length);
    }

    expect(study.report).toMatch(new RegExp(`^${stateDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/reports/study-.*\\.md$`));
    const markdown = readFileSync(study.report, 'utf8');
    expect(markdown).toContain('| students |');
    expect(markdown).toContain('## Gate decisions');
    expect(existsSync(study.html)).toBe(true);
    expect(readFileSync(study.html, 'utf8')).toContain('<h2>Rationales that changed</h2>');
    expect(err).toMatch(/sdvp 2\/2 pass 1: distilling gqa-shapes/);
    // SDVP's gate checks the later target too; naive distillation has no gate to check it.
    expect(err).toMatch(/sdvp 1\/2 pass 1: distilling face-tag \(guards: shape-tag, size-qa, gqa-shapes\)/);
    expect(err).toMatch(/sdvp 2\/2 pass 1: distilling gqa-shapes \(guards: shape-tag, size-qa, face-tag\)/);
    expect(err).toMatch(/naive 1\/2 pass 1: distilling face-tag \(guards: shape-tag, size-qa\)/);
    // About 70 s alone on 2 cores; the margin is for a CI machine that runs the other end-to-end
    // suites beside it.
  }, 600_000);
});
