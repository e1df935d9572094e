import { rationaleJson } from './build-rationale';
import { escapeHtml, htmlNumber } from './escape-html';
import { RATIONALE_CSS } from './rationale-styles';
import type { RationaleDocument, RationaleError, RationaleInput, RationaleStep } from './rationale-types';
import { renderArgument, renderOutput, renderRegion } from './render-values';
import { svgRootDefs, type EmbeddedRoot } from './svg-view';

type Roots = ReadonlyMap<string, EmbeddedRoot>;

function renderError(error: RationaleError): string {
  return `<div class="error" role="alert"><code>${escapeHtml(error.reason)}</code> (${escapeHtml(error.code)}): ${escapeHtml(error.message)}</div>`;
}

function renderFinal(doc: RationaleDocument, roots: Roots): string {
  if (doc.error !== undefined) {
    return `<section class="final failed" id="answer"><h2>The run failed</h2>${renderError(doc.error)}</section>`;
  }
  if (doc.answer === undefined) return '';
  const region = typeof doc.answer === 'object' && !Array.isArray(doc.answer) ? renderRegion(doc.answer as Parameters<typeof renderRegion>[0], roots, 240) : '';
  return `<section class="final" id="answer"><h2>Answer</h2><p class="answer-text">${escapeHtml(doc.answerText ?? '')}</p>${region}</section>`;
}

function renderStep(step: RationaleStep, roots: Roots): string {
  const inputs = step.inputs.map(({ name, value }) => `<dt>${escapeHtml(name)}</dt><dd>${renderArgument(value, roots)}</dd>`).join('');
  const badges = [step.remote ? '<span class="badge">module</span>' : '', step.error !== undefined ? '<span class="badge">failed</span>' : ''].join('');
  return (
    `<section class="step${step.error === undefined ? '' : ' failed'}" id="step-${htmlNumber(step.index)}" data-index="${htmlNumber(step.index)}" ` +
    `data-op="${escapeHtml(step.op)}" data-output="${escapeHtml(step.output)}">` +
    `<header><span class="idx">#${htmlNumber(step.index)}</span><code class="op">${escapeHtml(step.output)} = ${escapeHtml(step.op)}</code>${badges}` +
    `<span class="pos">line ${htmlNumber(step.line)}</span><span class="latency">${htmlNumber(step.latencyMs, 2)} ms</span></header>` +
    `<pre class="source"><code>${escapeHtml(step.source)}</code></pre>` +
    `<div class="io"><div class="inputs"><h3>Inputs</h3>${inputs === '' ? '<p class="summary">none</p>' : `<dl>${inputs}</dl>`}</div>` +
    `<div class="outputs"><h3>Output</h3>${step.error === undefined ? renderOutput(step, roots) : ''}</div></div>` +
    (step.text === undefined ? '' : `<p class="text">${escapeHtml(step.text)}</p>`) +
    (step.error === undefined ? '' : renderError(step.error)) +
    `</section>`
  );
}

/**
 * The visual rationale of a run as one self-contained HTML page: no external assets (the input
 * images are PNG data URIs, embedded once; the stylesheet is inline; no scripts). At the top the
 * answer (or why the run failed), the question and the program; then one section per step in
 * order with its program text, its inputs (views are `<svg>` crops of the root image through a
 * `viewBox`), and its output: boxes drawn in root coordinates with labels and scores, the region a
 * CROP cut out, the answer of VQA/EVAL/COUNT, or the step's error. Every string is escaped.
 * Throws nothing for records the executor produced.
 */
export function renderRationaleHtml(input: RationaleInput): string {
  const doc = rationaleJson(input);
  const embedded = Object.entries(input.images).map(([name, image], i) => ({
    name,
    png: image.png,
    root: { id: `root-${i}`, width: image.width, height: image.height },
  }));
  const roots: Roots = new Map(embedded.map(({ name, root }) => [name, root]));
  const question = doc.question === undefined ? '' : `<p class="question">${escapeHtml(doc.question)}</p>`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.title)}</title><style>${RATIONALE_CSS}</style></head><body>`,
    svgRootDefs(embedded),
    `<header><h1>${escapeHtml(doc.title)}</h1>${question}<p class="meta">run <code>${escapeHtml(doc.runId)}</code> · ${doc.steps.length} step${doc.steps.length === 1 ? '' : 's'}</p></header>`,
    renderFinal(doc, roots),
    `<section class="program"><h2>Program</h2><pre><code>${escapeHtml(doc.program)}</code></pre></section>`,
    `<main>${doc.steps.map((step) => renderStep(step, roots)).join('')}</main>`,
    '</body></html>',
    '',
  ].join('\n');
}
