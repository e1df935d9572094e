import { gainsNote, passesNote, ROW_NAMES, rowAverage, type StudyComparison, type StudyDecision, type StudyResult } from './study-result';

/**
 * The study's Markdown report: the paper's table (rows = arms, columns = every target task marked
 * `*`, every guard task, the target and guard averages; each cell with its n), how the rows were
 * measured, and every gate decision with the numbers behind it. The CLI prints the same table.
 */

const ROW_LABELS: Readonly<Record<(typeof ROW_NAMES)[number], string>> = {
  students: 'students',
  teachers: 'teachers',
  naive: 'naive distillation',
  sdvp: 'SDVP',
  sdvp_sequential: 'SDVP (sequential)',
};

/** A metric value with three decimals; `n/a` for NaN or a missing cell. */
export function formatValue(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(3);
}

/** Escapes the characters that would break a Markdown table cell. */
function cellText(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The results table alone, as a Markdown table (readable as plain text too). */
export function markdownTable(result: StudyResult): string {
  const tasks = [...result.targets, ...result.guards];
  const header = ['', ...result.targets.map((t) => `${t}*`), ...result.guards, 'target avg', 'guard avg'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const name of ROW_NAMES) {
    const row = result.rows[name];
    const cells = tasks.map((task) => {
      const cell = row[task];
      if (cell === undefined) return '—';
      const failed = cell.failed > 0 ? `, ${cell.failed} failed` : '';
      return `${formatValue(cell.value)} (n=${cell.n}${failed})`;
    });
    const guardAverage = result.guards.some((g) => row[g] !== undefined) ? formatValue(rowAverage(row, result.guards)) : '—';
    lines.push(`| ${[ROW_LABELS[name], ...cells, formatValue(rowAverage(row, result.targets)), guardAverage].join(' | ')} |`);
  }
  return lines.join('\n');
}

function comparisonText(c: StudyComparison): string {
  if (!c.computed) return `${c.task}: not computed`;
  const delta = c.after - c.before;
  return `${c.task} ${formatValue(c.before)}→${formatValue(c.after)} (${delta >= 0 ? '+' : ''}${delta.toFixed(3)}, n=${c.n}${c.passed ? '' : ', did not pass'})`;
}

/** The gate decisions as a Markdown table, one line per module and task and arm. */
export function markdownDecisions(decisions: readonly StudyDecision[]): string {
  if (decisions.length === 0) return '_No gate decision was recorded._';
  const lines = ['| arm | task | module | decision | candidate | α | target | guards | reason |', '|---|---|---|---|---|---:|---|---|---|'];
  for (const d of decisions) {
    const guards = d.guards.length === 0 ? '—' : d.guards.map(comparisonText).join('; ');
    lines.push(
      `| ${[
        d.arm,
        d.task,
        d.module,
        d.promoted ? 'promoted' : 'rolled back',
        d.candidateVersion === '' ? '—' : d.candidateVersion,
        d.wiseFtAlpha.toFixed(2),
        d.target === undefined ? '—' : comparisonText(d.target),
        guards,
        d.reason === '' ? '—' : d.reason,
      ]
        .map(cellText)
        .join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** The whole Markdown report. */
export function markdownReport(result: StudyResult): string {
  const gains = gainsNote(result);
  return [
    '# vprog distillation study',
    '',
    `Test splits, data seed ${result.seed}, size \`${result.size}\`${passesNote(result)}. \`*\` marks a target task; each cell is the task's metric with the number of test questions (n).`,
    '',
    markdownTable(result),
    '',
    ...(gains === '' ? [] : [`${gains}.`, '']),
    '* **students**: the module services as they are; **teachers**: every module replaced by its task-specific teacher sidecar.',
    '* **naive distillation**: each target task distilled in turn with no anchors and no gate; its target cell is measured right after its own run, the guard cells after the last run.',
    '* **SDVP**: the same from the original students with self-distillation anchors and the gate (anchors from the guard tasks and the earlier targets; the gate also checks the later targets); target cell right after its own run, guards after all runs.',
    '* **SDVP (sequential)**: every target task measured again after all SDVP runs.',
    '',
    '## Gate decisions',
    '',
    markdownDecisions(result.decisions),
    '',
  ].join('\n');
}
