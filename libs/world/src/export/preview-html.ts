import { encodePng } from '../image';
import { renderTaskImage } from '../tasks/generate-items';
import type { TaskItem } from '../tasks/task-item';

/**
 * A self-contained HTML page (images inlined as `data:` URIs, no external resources) showing task
 * items with their question, gold program and answer: the quickest way to eyeball a task.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

function answerText(answer: TaskItem['answer']): string {
  if (typeof answer === 'string') return answer;
  if ('box' in answer) return `box [${answer.box.join(', ')}]`;
  return answer.map((tag) => `${tag.label} [${tag.box.join(', ')}]`).join('; ') || '(no tags)';
}

function itemHtml(item: TaskItem): string {
  const images = item.images
    .map((image) => {
      const uri = `data:image/png;base64,${encodePng(renderTaskImage(image)).toString('base64')}`;
      return `<figure><img src="${uri}" width="256" height="256" alt="${escapeHtml(`${item.id} ${image.name}`)}"><figcaption>${image.name}</figcaption></figure>`;
    })
    .join('');
  return [
    `<section class="item" id="${escapeHtml(item.id)}">`,
    `<h2>${escapeHtml(item.id)} <small>${escapeHtml(item.domain)} · ${escapeHtml(item.family)}</small></h2>`,
    `<div class="images">${images}</div>`,
    `<p class="question">${escapeHtml(item.question)}</p>`,
    `<pre class="program">${escapeHtml(item.program)}</pre>`,
    `<p class="answer">Answer: <b>${escapeHtml(answerText(item.answer))}</b></p>`,
    '</section>',
  ].join('\n');
}

const STYLE = [
  'body{font-family:system-ui,sans-serif;margin:1.5rem;background:#fafafa;color:#222}',
  '.item{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1rem;margin-bottom:1rem}',
  '.images{display:flex;gap:1rem}figure{margin:0}img{image-rendering:pixelated;border:1px solid #ccc}',
  'pre{background:#f3f3f3;padding:.5rem;overflow-x:auto}h2 small{color:#777;font-weight:normal}',
].join('\n');

/** The preview page for `items` under `title`. Never throws for generated items. */
export function previewHtml(title: string, items: readonly TaskItem[]): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    ...items.map(itemHtml),
    '</body></html>',
    '',
  ].join('\n');
}
