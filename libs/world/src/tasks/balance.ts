import { normaliseText } from '../language/text';
import { COLOURS, EXPRESSIONS, SHAPES } from '../vocabulary';
import { getTask } from './registry';
import type { TaskItem } from './task-item';

/**
 * Balance checks of generated tasks. Open-answer families (three or more answers: colour, shape,
 * count, side) must have no answer above 35% of the family; two-answer families (yes/no,
 * true/false, small/large) must have each answer at 40–60%; every shape and colour must appear in
 * the task's scenes and questions (every expression in face-tag), and every domain of the task in
 * its items.
 */

/** The limits the checks use. */
export const BALANCE_LIMITS = { openMaxShare: 0.35, binaryMin: 0.4, binaryMax: 0.6 } as const;

/** The answer distribution of one family of one task. */
export interface FamilyBalance {
  readonly family: string;
  readonly items: number;
  /** `binary` for two-answer families, `open` for more, `structured` for tags and boxes. */
  readonly kind: 'binary' | 'open' | 'structured';
  readonly counts: Readonly<Record<string, number>>;
  /** The largest answer share (the smallest too, for binary families). */
  readonly maxShare: number;
  readonly minShare: number;
  readonly ok: boolean;
}

/** The balance of one task's items. */
export interface TaskBalance {
  readonly task: string;
  readonly items: number;
  readonly families: readonly FamilyBalance[];
  /** Shapes, colours, expressions or domains that never appear. */
  readonly missing: readonly string[];
  readonly ok: boolean;
}

function familyBalance(family: string, answers: readonly string[] | undefined, items: readonly TaskItem[]): FamilyBalance {
  const counts: Record<string, number> = {};
  for (const answer of answers ?? []) counts[answer] = 0;
  for (const item of items) if (typeof item.answer === 'string') counts[item.answer] = (counts[item.answer] ?? 0) + 1;
  const shares = Object.values(counts).map((n) => n / Math.max(1, items.length));
  const kind = answers === undefined ? 'structured' : answers.length === 2 ? 'binary' : 'open';
  const maxShare = shares.length > 0 ? Math.max(...shares) : 0;
  const minShare = shares.length > 0 ? Math.min(...shares) : 0;
  const ok =
    kind === 'structured' ||
    (kind === 'binary' ? minShare >= BALANCE_LIMITS.binaryMin && maxShare <= BALANCE_LIMITS.binaryMax : maxShare <= BALANCE_LIMITS.openMaxShare);
  return { family, items: items.length, kind, counts, maxShare, minShare, ok };
}

function missingVocabulary(taskName: string, items: readonly TaskItem[]): string[] {
  const task = getTask(taskName);
  const seen = new Set<string>();
  for (const item of items) {
    seen.add(item.domain);
    for (const word of normaliseText(item.question).split(' ')) seen.add(word.replace(/s$/, ''));
    for (const image of item.images) {
      for (const o of image.scene.objects) seen.add(`scene:${o.shape}`).add(`scene:${o.colour}`);
      for (const f of image.scene.faces) seen.add(`scene:${f.expression}`);
    }
  }
  const missing = task.domains.filter((d) => !seen.has(d)).map((d) => `domain ${d}`);
  const asksAboutShapes = task.families.some(([family]) => !family.name.startsWith('tag-'));
  for (const word of [...SHAPES, ...COLOURS]) {
    if (!seen.has(`scene:${word}`)) missing.push(`${word} in scenes`);
    if (asksAboutShapes && !seen.has(word) && !items.some((i) => i.answer === word)) missing.push(`${word} in questions`);
  }
  if (task.families.some(([family]) => family.name === 'tag-faces')) {
    for (const e of EXPRESSIONS) if (!seen.has(`scene:${e}`)) missing.push(`${e} in scenes`);
  }
  return missing;
}

/** The balance report of one task's items (all of the same task). Throws an `UNKNOWN_TASK` world error for an unknown task. */
export function taskBalance(taskName: string, items: readonly TaskItem[]): TaskBalance {
  const task = getTask(taskName);
  const families = task.families.map(([family]) =>
    familyBalance(family.name, family.answers, items.filter((item) => item.family === family.name)),
  );
  const missing = missingVocabulary(taskName, items);
  return { task: taskName, items: items.length, families, missing, ok: missing.length === 0 && families.every((f) => f.ok) };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** A plain-text table of balance reports, one row per family. Never throws. */
export function formatBalanceTable(reports: readonly TaskBalance[]): string {
  const rows = [['task', 'family', 'items', 'kind', 'max', 'min', 'ok', 'answers']];
  for (const report of reports) {
    for (const f of report.families) {
      const answers = Object.entries(f.counts)
        .sort((a, b) => b[1] - a[1])
        .map(([answer, n]) => `${answer}:${n}`)
        .join(' ');
      rows.push([report.task, f.family, String(f.items), f.kind, pct(f.maxShare), pct(f.minShare), f.ok ? 'ok' : 'FAIL', answers]);
    }
    if (report.missing.length > 0) rows.push([report.task, '(coverage)', '', '', '', '', 'FAIL', `missing: ${report.missing.join(', ')}`]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (c === rows[0].length - 1 ? 0 : r[c].length))));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}
