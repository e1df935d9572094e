import type { Detection, ImageValue, Rect } from '../values';
import { escapeHtml, htmlNumber } from './escape-html';

/** A root image embedded once in the page, referenced by id from every view of it. */
export interface EmbeddedRoot {
  readonly id: string;
  readonly width: number;
  readonly height: number;
}

/** What one picture of a step shows: a view of a root image, boxes on it, and a region cut out of it. */
export interface ViewDrawing {
  readonly view: ImageValue;
  /** Boxes in root coordinates, drawn with their labels and scores. */
  readonly boxes?: readonly Detection[];
  /** A region (root coordinates) outlined with a dashed line. */
  readonly crop?: Rect;
  /** The longest side on the page, in CSS pixels. */
  readonly maxSize: number;
}

/** The most a view is magnified on the page. */
const MAX_ZOOM = 8;

function rectAttrs(r: Rect): string {
  return `x="${htmlNumber(r.x1)}" y="${htmlNumber(r.y1)}" width="${htmlNumber(r.x2 - r.x1)}" height="${htmlNumber(r.y2 - r.y1)}"`;
}

/** A box's caption: its label and score, e.g. `smiling 0.93`. Throws nothing. */
export function boxCaption(box: Detection): string {
  const score = htmlNumber(box.score, 2);
  return box.label === undefined ? score : `${box.label} ${score}`;
}

function drawBox(box: Detection, index: number, fontSize: number): string {
  const caption = escapeHtml(boxCaption(box));
  const pad = fontSize * 0.2;
  return (
    `<g class="det" data-index="${index}"><rect class="box" ${rectAttrs(box)} vector-effect="non-scaling-stroke"><title>${caption}</title></rect>` +
    `<text class="caption" x="${htmlNumber(box.x1 + pad, 3)}" y="${htmlNumber(box.y1 + fontSize, 3)}" font-size="${htmlNumber(fontSize, 3)}">${caption}</text></g>`
  );
}

/**
 * An `<svg>` that shows a view of a root image: the root is embedded once in the page and used
 * here through `<use>`, and the `viewBox` is the view's rectangle, so the browser does the crop and
 * boxes are drawn in root coordinates as they are. A root that is not embedded is drawn as a grey
 * placeholder of the view's size. Throws nothing.
 */
export function svgView(drawing: ViewDrawing, roots: ReadonlyMap<string, EmbeddedRoot>): string {
  const { view } = drawing;
  const width = Math.max(1, view.rect.x2 - view.rect.x1);
  const height = Math.max(1, view.rect.y2 - view.rect.y1);
  const scale = Math.min(drawing.maxSize / width, drawing.maxSize / height, MAX_ZOOM);
  const fontSize = 11 / scale;
  const root = roots.get(view.root);
  const picture =
    root === undefined
      ? `<rect class="missing" ${rectAttrs(view.rect)}><title>image ${escapeHtml(view.root)} not included</title></rect>`
      : `<use href="#${escapeHtml(root.id)}"/>`;
  const crop = drawing.crop === undefined ? '' : `<rect class="crop" ${rectAttrs(drawing.crop)} vector-effect="non-scaling-stroke"/>`;
  const boxes = (drawing.boxes ?? []).map((box, i) => drawBox(box, i, fontSize)).join('');
  const label = `${view.root} [${view.rect.x1}, ${view.rect.y1}, ${view.rect.x2}, ${view.rect.y2})`;
  return (
    `<svg class="view" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(label)}" data-root="${escapeHtml(view.root)}" ` +
    `viewBox="${htmlNumber(view.rect.x1)} ${htmlNumber(view.rect.y1)} ${htmlNumber(width)} ${htmlNumber(height)}" ` +
    `width="${htmlNumber(width * scale, 1)}" height="${htmlNumber(height * scale, 1)}">${picture}${crop}${boxes}</svg>`
  );
}

/**
 * The hidden `<svg>` that embeds every root image once, as a PNG data URI, with its id. Throws nothing.
 */
export function svgRootDefs(images: ReadonlyArray<{ root: EmbeddedRoot; png: Uint8Array }>): string {
  const defs = images
    .map(
      ({ root, png }) =>
        `<image id="${escapeHtml(root.id)}" x="0" y="0" width="${htmlNumber(root.width)}" height="${htmlNumber(root.height)}" ` +
        `preserveAspectRatio="none" href="data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}"/>`,
    )
    .join('');
  return `<svg class="defs" xmlns="http://www.w3.org/2000/svg" width="0" height="0" aria-hidden="true"><defs>${defs}</defs></svg>`;
}
