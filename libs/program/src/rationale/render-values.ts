import type { ValueSummary } from '../executor/summarise';
import type { ImageValue } from '../values';
import { detectionsOf } from './build-rationale';
import { escapeHtml } from './escape-html';
import type { RationaleStep } from './rationale-types';
import { svgView, type EmbeddedRoot } from './svg-view';

/** Sizes of pictures on the page, in CSS pixels. */
const INPUT_SIZE = 140;
const OUTPUT_SIZE = 240;

type Region = Exclude<ValueSummary, string | number | boolean | readonly string[]>;

function isRegion(value: ValueSummary | undefined): value is Region {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function countLine(value: Region): string {
  const found = detectionsOf(value);
  if (found === undefined) return '';
  const noun = value.kind === 'tags' ? 'tag' : 'box';
  const plural = found.count === 1 ? noun : noun === 'box' ? 'boxes' : 'tags';
  const shown = found.items.length < found.count ? ` (first ${found.items.length} shown)` : '';
  return `<span class="count">${found.count} ${plural}${shown}</span>`;
}

/** A picture of an image, boxes or tags value: its view, with its boxes drawn. Throws nothing. */
export function renderRegion(value: Region, roots: ReadonlyMap<string, EmbeddedRoot>, maxSize: number): string {
  if (value.kind === 'image') return `<figure>${svgView({ view: value, maxSize }, roots)}<figcaption>${escapeHtml(viewLabel(value))}</figcaption></figure>`;
  const boxes = detectionsOf(value)?.items ?? [];
  return `<figure>${svgView({ view: value.image, boxes, maxSize }, roots)}<figcaption>${countLine(value)}</figcaption></figure>`;
}

/** `IMAGE [0, 0, 70, 100)`: a view's root and rectangle (x2, y2 exclusive). Throws nothing. */
export function viewLabel(view: ImageValue): string {
  return `${view.root} [${view.rect.x1}, ${view.rect.y1}, ${view.rect.x2}, ${view.rect.y2})`;
}

/** One argument of a step: text, a number, a list, or a picture of a view with its boxes. Throws nothing. */
export function renderArgument(value: ValueSummary, roots: ReadonlyMap<string, EmbeddedRoot>): string {
  if (typeof value === 'string') return `<q class="text">${escapeHtml(value)}</q>`;
  if (typeof value === 'number' || typeof value === 'boolean') return `<span class="scalar">${escapeHtml(String(value))}</span>`;
  if (Array.isArray(value)) return `<ul class="list">${(value as readonly string[]).map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
  return renderRegion(value as Region, roots, INPUT_SIZE);
}

/**
 * A step's output: the view it looked at with its boxes (and the region it cut out, dashed), the
 * cut-out view itself, and the output as text (the answer of VQA, EVAL, COUNT). Throws nothing.
 */
export function renderOutput(step: RationaleStep, roots: ReadonlyMap<string, EmbeddedRoot>): string {
  const parts: string[] = [];
  if (step.image !== undefined) {
    parts.push(`<figure>${svgView({ view: step.image, boxes: step.boxes, crop: step.crop?.rect, maxSize: OUTPUT_SIZE }, roots)}<figcaption>${escapeHtml(viewLabel(step.image))}</figcaption></figure>`);
  }
  const value = step.value;
  if (isRegion(value) && (step.image === undefined || value.kind === 'image')) parts.push(renderRegion(value, roots, OUTPUT_SIZE));
  if (step.outputText !== undefined) {
    const answer = !isRegion(value);
    parts.push(`<p class="${answer ? 'answer' : 'summary'}">${escapeHtml(step.outputText)}</p>`);
  }
  return parts.join('');
}
