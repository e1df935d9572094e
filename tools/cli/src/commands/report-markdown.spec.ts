import { markdownDecisions, markdownReport, markdownTable } from './report-markdown';
import { studyFixture } from './study-fixture';

describe('the Markdown report', () => {
  it('has one row per arm and one column per target (starred), guard and average', () => {
    const lines = markdownTable(studyFixture()).split('\n');
    expect(lines[0]).toBe('|  | gqa-shapes* | face-tag* | shape-tag | target avg | guard avg |');
    expect(lines[1]).toBe('|---|---:|---:|---:|---:|---:|');
    expect(lines.slice(2).map((l) => l.split(' | ')[0])).toEqual(['| students', '| teachers', '| naive distillation', '| SDVP', '| SDVP (sequential)']);
  });

  it('prints every cell with its n and failures, and averages targets and guards separately', () => {
    const lines = markdownTable(studyFixture()).split('\n');
    expect(lines[2]).toBe('| students | 0.500 (n=40) | 0.600 (n=40) | 0.800 (n=40) | 0.550 | 0.800 |');
    expect(lines[3]).toBe('| teachers | 0.700 (n=40, 3 failed) | 0.900 (n=40) | 0.000 (n=40, 40 failed) | 0.800 | 0.000 |');
  });

  it('shows n/a for a metric that could not be computed and a dash for a cell the arm does not measure', () => {
    const lines = markdownTable(studyFixture()).split('\n');
    expect(lines[5]).toBe('| SDVP | 0.625 (n=40) | 0.800 (n=40) | n/a (n=0) | 0.713 | n/a |');
    expect(lines[6]).toBe('| SDVP (sequential) | 0.600 (n=40) | 0.800 (n=40) | — | 0.700 | — |');
  });

  it('lists each gate decision with its numbers and escapes the pipes of its reason', () => {
    const text = markdownDecisions(studyFixture().decisions);
    const row = text.split('\n')[2];
    expect(row).toContain('| sdvp | gqa-shapes | loc | rolled back | v2 | 1.00 |');
    expect(row).toContain('gqa-shapes 0.500→0.625 (+0.125, n=16)');
    expect(row).toContain('shape-tag 0.800→0.758 (-0.042, n=16, did not pass)');
    expect(row).toContain('ε 0.02 \\| <b>');
    expect(markdownDecisions([])).toBe('_No gate decision was recorded._');
  });

  it('names the seed, the size and (when several) the passes, and carries the table and the decisions', () => {
    const report = markdownReport(studyFixture());
    expect(report).toMatch(/^# vprog distillation study\n/);
    expect(report).toContain('data seed 7, size `tiny`. ');
    expect(markdownReport({ ...studyFixture(), passes: 3, passesMade: { 'gqa-shapes': 1, 'face-tag': 3 } })).toContain('data seed 7, size `tiny`, up to 3 passes (gqa-shapes 1, face-tag 3). ');
    expect(report).toContain(markdownTable(studyFixture()));
    expect(report).toContain(`${markdownTable(studyFixture())}\n\nSDVP − students (test, points ± paired standard error): gqa-shapes +10.0 ± 5.0, face-tag +20.0 ± 6.3, shape-tag n/a ± n/a.\n`);
    expect(report).toContain('## Gate decisions');
  });
});
