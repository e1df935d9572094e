import { gainsNote, ROW_NAMES, rowAverage, studyJson } from './study-result';
import { studyFixture } from './study-fixture';

describe('the study JSON', () => {
  const json = studyJson(studyFixture(), '/state/reports/study.md');

  it('has the shape scripts read: seed, size, passes, the passes each target took, targets, guards, every row, decisions and the report path', () => {
    expect(Object.keys(json)).toEqual(['seed', 'size', 'passes', 'passesMade', 'targets', 'guards', 'rows', 'gains', 'decisions', 'report']);
    expect(json).toMatchObject({ seed: 7, size: 'tiny', passes: 1, passesMade: { 'gqa-shapes': 1, 'face-tag': 1 }, targets: ['gqa-shapes', 'face-tag'], guards: ['shape-tag'], report: '/state/reports/study.md' });
    expect(Object.keys(json.rows as object)).toEqual([...ROW_NAMES]);
  });

  it("keys each cell's value by the task's metric name, with value, n and failures beside it", () => {
    const rows = json.rows as Record<string, Record<string, Record<string, unknown>>>;
    expect(rows.students['gqa-shapes']).toEqual({ accuracy: 0.5, value: 0.5, n: 40, failed: 0 });
    expect(rows.teachers['face-tag']).toEqual({ 'tag-f1': 0.9, value: 0.9, n: 40, failed: 0 });
    expect(Object.keys(rows.sdvp_sequential)).toEqual(['gqa-shapes', 'face-tag']);
  });

  it('writes a metric that could not be computed as null, so the output stays valid JSON', () => {
    const text = JSON.stringify(json);
    const parsed = JSON.parse(text) as { rows: Record<string, Record<string, Record<string, unknown>>> };
    expect(parsed.rows.sdvp['shape-tag']).toEqual({ 'tag-f1': null, value: null, n: 0, failed: 0 });
  });

  it("gives SDVP's final gain on every task with its paired standard error, null where it could not be computed", () => {
    const parsed = JSON.parse(JSON.stringify(json)) as { gains: Record<string, unknown> };
    expect(parsed.gains).toEqual({
      'gqa-shapes': { gain: 0.1, pairedStandardError: 0.05, n: 40 },
      'face-tag': { gain: 0.2, pairedStandardError: 0.0625, n: 40 },
      'shape-tag': { gain: null, pairedStandardError: null, n: 40 },
    });
  });

  it('carries each gate decision with its target and guard comparisons', () => {
    const [decision] = json.decisions as Array<Record<string, unknown>>;
    expect(decision).toMatchObject({ arm: 'sdvp', task: 'gqa-shapes', module: 'loc', promoted: false, candidateVersion: 'v2' });
    expect(decision.target).toEqual({ task: 'gqa-shapes', metric: 'accuracy', before: 0.5, after: 0.625, n: 16, computed: true, passed: true });
    expect(decision.guards).toEqual([{ task: 'shape-tag', metric: 'tag-f1', before: 0.8, after: 0.758, n: 16, computed: true, passed: false }]);
  });
});

describe('the gains note', () => {
  it('gives each gain in points with its paired standard error, targets first', () => {
    expect(gainsNote(studyFixture())).toBe('SDVP − students (test, points ± paired standard error): gqa-shapes +10.0 ± 5.0, face-tag +20.0 ± 6.3, shape-tag n/a ± n/a');
    expect(gainsNote({ ...studyFixture(), gains: {} })).toBe('');
  });
});

describe('row averages', () => {
  it('skip missing and uncomputed cells, and are NaN when nothing is left', () => {
    const { rows } = studyFixture();
    expect(rowAverage(rows.students, ['gqa-shapes', 'face-tag'])).toBeCloseTo(0.55);
    expect(rowAverage(rows.sdvp, ['shape-tag', 'gqa-shapes'])).toBeCloseTo(0.625);
    expect(rowAverage(rows.sdvp_sequential, ['shape-tag'])).toBeNaN();
  });
});
