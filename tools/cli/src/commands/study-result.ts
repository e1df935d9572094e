import type { StudySize } from './distill-sizes';

/**
 * The data of a distillation study, as the study produces it and the reports render it: one row
 * per arm (the paper's table), one cell per task, and the gate's decisions. `studyJson` is the
 * shape `vprog distill --json` prints; scripts depend on it, so it is built in this one place.
 */

/** The table's rows, in print order. */
export const ROW_NAMES = ['students', 'teachers', 'naive', 'sdvp', 'sdvp_sequential'] as const;
/** One of {@link ROW_NAMES}. */
export type RowName = (typeof ROW_NAMES)[number];

/** One measured cell: a task's test-split metric under one arm. */
export interface StudyCell {
  readonly task: string;
  /** The task's metric name (`accuracy`, `tag-f1`, `refexp-accuracy`). */
  readonly metric: string;
  /** NaN when no item could be scored. */
  readonly value: number;
  /** Questions measured. */
  readonly n: number;
  /** Questions whose run failed (scored as wrong). */
  readonly failed: number;
}

/** A row: its cells by task. */
export type StudyRow = Readonly<Record<string, StudyCell>>;

/** One metric before and after a candidate, as the gate saw it. */
export interface StudyComparison {
  readonly task: string;
  readonly metric: string;
  readonly before: number;
  readonly after: number;
  readonly n: number;
  readonly computed: boolean;
  readonly passed: boolean;
}

/** The gate's decision on one module for one target task, in one arm. */
export interface StudyDecision {
  readonly arm: 'naive' | 'sdvp';
  readonly runId: string;
  readonly task: string;
  /** `loc`, `facedet`, `classify` or `vqa`. */
  readonly module: string;
  readonly promoted: boolean;
  readonly candidateVersion: string;
  readonly wiseFtAlpha: number;
  readonly reason: string;
  readonly target?: StudyComparison;
  readonly guards: readonly StudyComparison[];
}

/**
 * What SDVP's final versions did to one task against the students, on the same test items:
 * targets after all runs (`sdvp_sequential`), guards after all runs (`sdvp`).
 */
export interface StudyGain {
  /** Final − students, in the task's metric; NaN when either could not be computed. */
  readonly gain: number;
  /**
   * The paired standard error of that difference: the standard deviation of the per-item score
   * differences over √n (for tag metrics the items' own F1 stands in for their share of the pooled
   * F1). NaN below two items.
   */
  readonly pairedStandardError: number;
  /** Items scored on both sides. */
  readonly n: number;
}

/** A finished study. */
export interface StudyResult {
  readonly seed: number;
  readonly size: StudySize;
  /**
   * The most sweeps over each target's modules (the size's, or `--passes`). SDVP stops early on a
   * target once a pass promotes nothing; naive distillation makes as many passes as SDVP did.
   */
  readonly passes: number;
  /** The passes each target took, by task. */
  readonly passesMade: Readonly<Record<string, number>>;
  readonly targets: readonly string[];
  readonly guards: readonly string[];
  /** Every row; a row lacks the cells its arm does not measure (`sdvp_sequential` has targets only). */
  readonly rows: Readonly<Record<RowName, StudyRow>>;
  /** SDVP's final gain on every task, with its paired standard error. */
  readonly gains: Readonly<Record<string, StudyGain>>;
  readonly decisions: readonly StudyDecision[];
}

/**
 * `, up to 3 passes (gqa-shapes 1, face-tag 3)` for a study of several passes, '' for one: what
 * the table captions add. Throws nothing.
 */
export function passesNote(result: Pick<StudyResult, 'passes' | 'passesMade'>): string {
  if (result.passes <= 1) return '';
  const made = Object.entries(result.passesMade).map(([task, n]) => `${task} ${n}`);
  return `, up to ${result.passes} passes${made.length === 0 ? '' : ` (${made.join(', ')})`}`;
}

/**
 * `SDVP − students (test, paired standard errors): gqa-shapes +2.1 ± 1.4, face-tag +40.3 ± 4.6`, in
 * points, targets first; '' when there are no gains. Throws nothing.
 */
export function gainsNote(result: Pick<StudyResult, 'targets' | 'guards' | 'gains'>): string {
  const points = (x: number): string => (Number.isFinite(x) ? (100 * x).toFixed(1) : 'n/a');
  const parts = [...result.targets, ...result.guards]
    .filter((task) => result.gains[task] !== undefined)
    .map((task) => {
      const g = result.gains[task] as StudyGain;
      return `${task} ${Number.isFinite(g.gain) && g.gain >= 0 ? '+' : ''}${points(g.gain)} ± ${points(g.pairedStandardError)}`;
    });
  return parts.length === 0 ? '' : `SDVP − students (test, points ± paired standard error): ${parts.join(', ')}`;
}

/** The mean of the row's values over `tasks`, skipping missing or NaN cells; NaN when none is left. */
export function rowAverage(row: StudyRow, tasks: readonly string[]): number {
  const values = tasks.map((t) => row[t]?.value).filter((v): v is number => v !== undefined && !Number.isNaN(v));
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** A number for JSON: NaN and infinities become null (JSON has no NaN). */
const jsonNumber = (value: number): number | null => (Number.isFinite(value) ? value : null);

/** A JSON cell: `{"accuracy": 0.61, "value": 0.61, "n": 40, "failed": 0}`. */
type JsonCell = Record<string, number | null>;

/**
 * The object `vprog distill --json` prints: `{"seed", "size", "passes", "passesMade", "targets",
 * "guards", "rows": {"<row>": {"<task>": {"<metric>": v, "value": v, "n": N, "failed": F}}},
 * "gains": {"<task>": {"gain": g, "pairedStandardError": se, "n": N}}, "decisions", "report"}`.
 * NaN values are written as null.
 */
export function studyJson(result: StudyResult, reportPath: string): Record<string, unknown> {
  const rows = Object.fromEntries(
    ROW_NAMES.map((name) => {
      const cells: Record<string, JsonCell> = {};
      for (const [task, cell] of Object.entries(result.rows[name])) {
        cells[task] = { [cell.metric]: jsonNumber(cell.value), value: jsonNumber(cell.value), n: cell.n, failed: cell.failed };
      }
      return [name, cells];
    }),
  );
  const comparison = (c: StudyComparison) => ({ ...c, before: jsonNumber(c.before), after: jsonNumber(c.after) });
  const decisions = result.decisions.map((d) => ({
    ...d,
    ...(d.target !== undefined ? { target: comparison(d.target) } : {}),
    guards: d.guards.map(comparison),
  }));
  const gains = Object.fromEntries(Object.entries(result.gains).map(([task, g]) => [task, { gain: jsonNumber(g.gain), pairedStandardError: jsonNumber(g.pairedStandardError), n: g.n }]));
  return { seed: result.seed, size: result.size, passes: result.passes, passesMade: result.passesMade, targets: result.targets, guards: result.guards, rows, gains, decisions, report: reportPath };
}
