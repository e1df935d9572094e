import type { RawImage } from '../image/raw-image';
import type { Box } from '../scene';
import type { Expression } from '../vocabulary';
import { FEATURE_RGB, outlineRgb } from './palette';
import { ellipseSpans, ringSpans } from './primitives';
import { fill, type Rgb, type SpanFn } from './rasteriser';
import { shapeSpans } from './shape-geometry';

/**
 * Cartoon faces and their decoys. A decoy is exactly a face without features (same disc, tone and
 * outline), so a face detector has to look at the eyes and mouth.
 */

/** Paints the bare disc of a face or decoy filling `box`, with a darker rim. Never throws. */
export function paintDisc(img: RawImage, box: Box, tone: Rgb, rim: number): void {
  const area = pixelRect(box);
  fill(img, area, shapeSpans('circle', box), outlineRgb(tone));
  fill(img, area, shapeSpans('circle', box, rim), tone);
}

/**
 * Paints a face with `expression` filling `box`: smiling = an upward arc, frowning = a downward
 * arc, surprised = an open "O" mouth, round eyes and raised brows. Never throws.
 */
export function paintFace(img: RawImage, box: Box, expression: Expression, tone: Rgb, rim: number): void {
  paintDisc(img, box, tone, rim);
  const d = box.x2 - box.x1;
  const cx = (box.x1 + box.x2) / 2;
  const cy = (box.y1 + box.y2) / 2;
  const area = pixelRect(box);
  const draw = (spans: SpanFn): void => fill(img, area, spans, FEATURE_RGB);
  const eyeDx = 0.18 * d;
  const eyeY = cy - 0.11 * d;
  const line = Math.max(1.3, 0.075 * d);
  if (expression === 'surprised') {
    const er = 0.085 * d;
    draw(ellipseSpans(cx - eyeDx, eyeY, er, er * 1.25));
    draw(ellipseSpans(cx + eyeDx, eyeY, er, er * 1.25));
    // Raised brows: small arches high above the eyes.
    const browR = 0.1 * d;
    const browCy = eyeY - 0.1 * d;
    for (const side of [-1, 1]) {
      draw(ringSpans(cx + side * eyeDx, browCy, browR, line, -Infinity, browCy - 0.55 * browR));
    }
    const mr = 0.13 * d;
    draw(ringSpans(cx, cy + 0.22 * d, mr, line, -Infinity, Infinity));
    return;
  }
  const er = 0.07 * d;
  draw(ellipseSpans(cx - eyeDx, eyeY, er, er));
  draw(ellipseSpans(cx + eyeDx, eyeY, er, er));
  const mr = 0.24 * d;
  if (expression === 'smiling') {
    const my = cy + 0.0 * d;
    draw(ringSpans(cx, my, mr, line, my + 0.09 * d, Infinity));
  } else {
    const my = cy + 0.46 * d;
    draw(ringSpans(cx, my, mr, line, -Infinity, my - 0.09 * d));
  }
}

function pixelRect(box: Box): Box {
  return { x1: box.x1, y1: box.y1, x2: box.x2, y2: box.y2 };
}
