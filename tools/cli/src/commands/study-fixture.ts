import type { StudyCell, StudyResult } from './study-result';

/**
 * A small finished study for the report and JSON specs: two targets and one guard, with the
 * numbers chosen so averages and formatting can be checked by hand. Test support only.
 */

const cell = (task: string, metric: string, value: number, n = 40, failed = 0): StudyCell => ({ task, metric, value, n, failed });

/** The fixture study (seed 7, size tiny). */
export function studyFixture(): StudyResult {
  return {
    seed: 7,
    size: 'tiny',
    passes: 1,
    passesMade: { 'gqa-shapes': 1, 'face-tag': 1 },
    targets: ['gqa-shapes', 'face-tag'],
    guards: ['shape-tag'],
    rows: {
      students: { 'gqa-shapes': cell('gqa-shapes', 'accuracy', 0.5), 'face-tag': cell('face-tag', 'tag-f1', 0.6), 'shape-tag': cell('shape-tag', 'tag-f1', 0.8) },
      teachers: { 'gqa-shapes': cell('gqa-shapes', 'accuracy', 0.7, 40, 3), 'face-tag': cell('face-tag', 'tag-f1', 0.9), 'shape-tag': cell('shape-tag', 'tag-f1', 0, 40, 40) },
      naive: { 'gqa-shapes': cell('gqa-shapes', 'accuracy', 0.65), 'face-tag': cell('face-tag', 'tag-f1', 0.85), 'shape-tag': cell('shape-tag', 'tag-f1', 0.4) },
      sdvp: { 'gqa-shapes': cell('gqa-shapes', 'accuracy', 0.625), 'face-tag': cell('face-tag', 'tag-f1', 0.8), 'shape-tag': cell('shape-tag', 'tag-f1', Number.NaN, 0) },
      sdvp_sequential: { 'gqa-shapes': cell('gqa-shapes', 'accuracy', 0.6), 'face-tag': cell('face-tag', 'tag-f1', 0.8) },
    },
    gains: {
      'gqa-shapes': { gain: 0.1, pairedStandardError: 0.05, n: 40 },
      'face-tag': { gain: 0.2, pairedStandardError: 0.0625, n: 40 },
      'shape-tag': { gain: Number.NaN, pairedStandardError: Number.NaN, n: 40 },
    },
    decisions: [
      {
        arm: 'sdvp',
        runId: 'run-1',
        task: 'gqa-shapes',
        module: 'loc',
        promoted: false,
        candidateVersion: 'v2',
        wiseFtAlpha: 1,
        reason: 'guard shape-tag lost 0.042 > ε 0.02 | <b>',
        target: { task: 'gqa-shapes', metric: 'accuracy', before: 0.5, after: 0.625, n: 16, computed: true, passed: true },
        guards: [{ task: 'shape-tag', metric: 'tag-f1', before: 0.8, after: 0.758, n: 16, computed: true, passed: false }],
      },
    ],
  };
}
