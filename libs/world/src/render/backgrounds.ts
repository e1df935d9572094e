import type { RawImage } from '../image/raw-image';
import type { Rng } from '../random';
import type { Domain } from '../vocabulary';
import { clampByte, scaleRgb } from './palette';
import { ellipseSpans, polygonSpans } from './primitives';
import { fill, type Rgb } from './rasteriser';

/**
 * The background of each domain, painted before any object: flat grey (studio), warm fibrous
 * paper (paper), random blobs and stripes (noise), a dim grey gradient (dusk, cast later).
 */
export function paintBackground(img: RawImage, domain: Domain, rng: Rng): void {
  switch (domain) {
    case 'studio':
      return flat(img, grey(rng, 140, 166, 4));
    case 'paper':
      return paper(img, rng);
    case 'noise':
      return busy(img, rng);
    case 'dusk':
      return gradient(img, grey(rng, 110, 140, 6), grey(rng, 80, 105, 6));
  }
}

function grey(rng: Rng, lo: number, hi: number, tint: number): Rgb {
  const g = rng.int(lo, hi);
  return [g + rng.int(-tint, tint + 1), g + rng.int(-tint, tint + 1), g + rng.int(-tint, tint + 1)];
}

function flat(img: RawImage, rgb: Rgb): void {
  const data = img.data;
  for (let i = 0; i < data.length; i += 3) {
    data[i] = rgb[0];
    data[i + 1] = rgb[1];
    data[i + 2] = rgb[2];
  }
}

function gradient(img: RawImage, top: Rgb, bottom: Rgb): void {
  const { width, height, data } = img;
  for (let y = 0, o = 0; y < height; y++) {
    const t = height > 1 ? y / (height - 1) : 0;
    const r = clampByte(top[0] + (bottom[0] - top[0]) * t);
    const g = clampByte(top[1] + (bottom[1] - top[1]) * t);
    const b = clampByte(top[2] + (bottom[2] - top[2]) * t);
    for (let x = 0; x < width; x++, o += 3) {
      data[o] = r;
      data[o + 1] = g;
      data[o + 2] = b;
    }
  }
}

/** Warm paper: low-frequency mottling on a bilinear grid plus short darker fibres. */
function paper(img: RawImage, rng: Rng): void {
  const { width, height, data } = img;
  const base: Rgb = [rng.int(214, 232), rng.int(196, 212), rng.int(160, 180)];
  const cell = 16;
  const gw = Math.ceil(width / cell) + 1;
  const gh = Math.ceil(height / cell) + 1;
  const grid = new Float64Array(gw * gh);
  for (let i = 0; i < grid.length; i++) grid[i] = (rng.next() - 0.5) * 22;
  // Bilinear mottling: interpolate the grid down each column once per row, then along the row.
  // Writes go through a clamped view, which rounds and clamps exactly as the spec says.
  const out = new Uint8ClampedArray(data.buffer, data.byteOffset, data.length);
  const column = new Float64Array(gw);
  for (let y = 0, o = 0; y < height; y++) {
    const gy = Math.floor(y / cell);
    const ty = (y - gy * cell) / cell;
    for (let gx = 0; gx < gw; gx++) {
      const top = grid[gy * gw + gx];
      column[gx] = top + (grid[(gy + 1) * gw + gx] - top) * ty;
    }
    for (let x = 0; x < width; x++, o += 3) {
      const gx = (x / cell) | 0;
      const m = column[gx] + ((column[gx + 1] - column[gx]) * (x - gx * cell)) / cell;
      out[o] = base[0] + m;
      out[o + 1] = base[1] + m;
      out[o + 2] = base[2] + m * 0.9;
    }
  }
  const fibres = Math.round((width * height) / 600);
  for (let i = 0; i < fibres; i++) {
    const tone = scaleRgb(base, 0.8 + rng.next() * 0.12);
    stroke(img, rng.next() * width, rng.next() * height, 4 + rng.next() * 14, 0.7, rng, tone);
  }
}

/** A busy background: muted blobs and stripes in random colours over a muted base. */
function busy(img: RawImage, rng: Rng): void {
  const scale = Math.min(img.width, img.height) / 128;
  flat(img, muted(rng));
  const blobs = rng.int(10, 17);
  for (let i = 0; i < blobs; i++) {
    const r = (6 + rng.next() * 22) * scale;
    const cx = rng.next() * img.width;
    const cy = rng.next() * img.height;
    const ry = r * (0.6 + rng.next() * 0.8);
    const rect = { x1: Math.floor(cx - r), y1: Math.floor(cy - ry), x2: Math.ceil(cx + r) + 1, y2: Math.ceil(cy + ry) + 1 };
    fill(img, rect, ellipseSpans(cx, cy, r, ry), muted(rng));
  }
  const stripes = rng.int(3, 7);
  const diagonal = Math.sqrt(img.width * img.width + img.height * img.height);
  for (let i = 0; i < stripes; i++) {
    stroke(img, rng.next() * img.width, rng.next() * img.height, diagonal, (2 + rng.next() * 5) * scale, rng, muted(rng));
  }
}

/** A random colour pulled halfway to mid-grey, so it is busy without looking like an object. */
function muted(rng: Rng): Rgb {
  const channel = (): number => Math.round((rng.int(60, 200) + 130) / 2);
  const r = channel();
  const g = channel();
  return [r, g, channel()];
}

/** A straight band of `length` × `width` centred at (cx, cy) in a random direction. */
function stroke(img: RawImage, cx: number, cy: number, length: number, width: number, rng: Rng, rgb: Rgb): void {
  let dx = rng.next() * 2 - 1;
  let dy = rng.next() * 2 - 1;
  const norm = Math.sqrt(dx * dx + dy * dy) || 1;
  dx /= norm;
  dy /= norm;
  const hx = (dx * length) / 2;
  const hy = (dy * length) / 2;
  const nx = (-dy * width) / 2;
  const ny = (dx * width) / 2;
  const pts = [cx - hx + nx, cy - hy + ny, cx + hx + nx, cy + hy + ny, cx + hx - nx, cy + hy - ny, cx - hx - nx, cy - hy - ny];
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (let i = 0; i < pts.length; i += 2) {
    x1 = Math.min(x1, pts[i]);
    x2 = Math.max(x2, pts[i]);
    y1 = Math.min(y1, pts[i + 1]);
    y2 = Math.max(y2, pts[i + 1]);
  }
  fill(img, { x1: Math.floor(x1), y1: Math.floor(y1), x2: Math.ceil(x2) + 1, y2: Math.ceil(y2) + 1 }, polygonSpans(pts), rgb);
}
