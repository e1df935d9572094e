import { formatValue } from './report-markdown';
import { gainsNote, passesNote, ROW_NAMES, rowAverage, type StudyDecision, type StudyResult } from './study-result';

/**
 * The study's HTML page: the same table and gate decisions as the Markdown report, plus the visual
 * rationales of a few test questions whose answer changed between the students and SDVP — each
 * question's two rationale pages (original versions, final versions) embedded side by side in
 * sandboxed iframes through `srcdoc`, so the page is one self-contained file.
 */

/** One run of a question for the page: its answer and the runner's rationale page. */
export interface RationaleRun {
  readonly label: string;
  readonly answer: string;
  /** A whole HTML document; empty when the run failed. */
  readonly html: string;
}

/** A test question shown with both rationales. */
export interface RationaleExample {
  readonly task: string;
  readonly itemId: string;
  readonly question: string;
  readonly gold: string;
  readonly before: RationaleRun;
  readonly after: RationaleRun;
}

/** Escapes text for an HTML text node or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function tableHtml(result: StudyResult): string {
  const tasks = [...result.targets, ...result.guards];
  const head = ['', ...result.targets.map((t) => `${t}*`), ...result.guards, 'target avg', 'guard avg'].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = ROW_NAMES.map((name) => {
    const row = result.rows[name];
    const cells = tasks.map((task) => {
      const cell = row[task];
      return cell === undefined ? '<td>—</td>' : `<td>${formatValue(cell.value)}<small> n=${cell.n}${cell.failed > 0 ? `, ${cell.failed} failed` : ''}</small></td>`;
    });
    const guards = result.guards.some((g) => row[g] !== undefined) ? formatValue(rowAverage(row, result.guards)) : '—';
    return `<tr><th>${escapeHtml(name)}</th>${cells.join('')}<td>${formatValue(rowAverage(row, result.targets))}</td><td>${guards}</td></tr>`;
  });
  return `<table><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

function decisionsHtml(decisions: readonly StudyDecision[]): string {
  if (decisions.length === 0) return '<p>No gate decision was recorded.</p>';
  const rows = decisions.map((d) => {
    const numbers = [...(d.target !== undefined ? [d.target] : []), ...d.guards]
      .map((c) => `${escapeHtml(c.task)} ${c.computed ? `${formatValue(c.before)}→${formatValue(c.after)} (n=${c.n})` : 'not computed'}${c.passed ? '' : ' ✗'}`)
      .join('<br>');
    const cells = [d.arm, d.task, d.module, d.promoted ? 'promoted' : 'rolled back', d.candidateVersion, d.wiseFtAlpha.toFixed(2)].map((c) => `<td>${escapeHtml(c)}</td>`);
    return `<tr>${cells.join('')}<td>${numbers}</td><td>${escapeHtml(d.reason)}</td></tr>`;
  });
  return `<table><thead><tr><th>arm</th><th>task</th><th>module</th><th>decision</th><th>candidate</th><th>α</th><th>numbers</th><th>reason</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function runHtml(run: RationaleRun): string {
  const frame = run.html === '' ? '<p>(no rationale: the run failed)</p>' : `<iframe sandbox srcdoc="${escapeHtml(run.html)}"></iframe>`;
  return `<div class="run"><h4>${escapeHtml(run.label)}: <code>${escapeHtml(run.answer)}</code></h4>${frame}</div>`;
}

function examplesHtml(examples: readonly RationaleExample[]): string {
  if (examples.length === 0) return '<p>No measured test question changed its answer between the students and SDVP.</p>';
  return examples
    .map(
      (e) =>
        `<section><h3>${escapeHtml(e.task)} · ${escapeHtml(e.itemId)}</h3><p>${escapeHtml(e.question)} — gold: <code>${escapeHtml(e.gold)}</code></p><div class="pair">${runHtml(e.before)}${runHtml(e.after)}</div></section>`,
    )
    .join('\n');
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;text-align:right;vertical-align:top}td small{color:#777}.pair{display:flex;gap:1em}.run{flex:1}iframe{width:100%;height:520px;border:1px solid #ccc}`;

/** The whole page. */
export function htmlReport(result: StudyResult, examples: readonly RationaleExample[]): string {
  const gains = gainsNote(result);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>vprog distillation study</title><style>${STYLE}</style></head>
<body>
<h1>vprog distillation study</h1>
<p>Test splits, data seed ${result.seed}, size ${escapeHtml(result.size)}${passesNote(result)}. * marks a target task; n is the number of test questions per cell.</p>
${tableHtml(result)}
${gains === '' ? '' : `<p>${escapeHtml(gains)}.</p>`}
<h2>Gate decisions</h2>
${decisionsHtml(result.decisions)}
<h2>Rationales that changed</h2>
${examplesHtml(examples)}
</body></html>
`;
}
