import { createRawImage, type RawImage } from '../image/raw-image';
import type { Rng } from '../random';
import type { Scene } from '../scene';
import { paintBackground } from './backgrounds';
import { DOMAIN_STYLES, inRange } from './domain-style';
import { paintDisc, paintFace } from './face-painter';
import { applyChannelGains, addGaussianNoise } from './pixel-effects';
import { COLOUR_RGB, FACE_TONES, clampByte, outlineRgb } from './palette';
import { fill, type Rgb } from './rasteriser';
import { shapeSpans } from './shape-geometry';

/**
 * Draws a scene: the domain's background, every object (a darker rim around a filled shape),
 * faces and decoys, then the domain's whole-image effects (cast, pixel noise).
 *
 * Everything random (background texture, colour jitter, face tones, noise) is drawn from `rng`
 * in a fixed order, so the same scene and the same stream give byte-identical pixels on any
 * machine. Each object covers exactly its box (the scene generator guarantees that), and the
 * objects are drawn in id order. Throws an `IMAGE_INVALID` image error if the scene's size is not
 * a positive integer size.
 */
export function renderScene(scene: Scene, rng: Rng): RawImage {
  const img = createRawImage(scene.width, scene.height);
  const style = DOMAIN_STYLES[scene.domain];
  const scale = Math.min(scene.width, scene.height) / 128;
  const rim = 0.8 * scale;
  const next = (): number => rng.next();
  paintBackground(img, scene.domain, rng);

  const brightness = inRange(style.brightness, next);
  // A shared shift keeps white and black neutral; the smaller per-channel part varies the hue.
  const spread = style.colourJitter;
  const tint = Math.max(1, Math.round(spread / 2));
  for (const obj of scene.objects) {
    const clean = COLOUR_RGB[obj.colour];
    const shift = rng.int(-spread, spread + 1);
    const jitter = (v: number): number => clampByte(v * brightness + shift + rng.int(-tint, tint + 1));
    const r = jitter(clean[0]);
    const g = jitter(clean[1]);
    const colour: Rgb = [r, g, jitter(clean[2])];
    const area = { x1: obj.box.x1, y1: obj.box.y1, x2: obj.box.x2, y2: obj.box.y2 };
    fill(img, area, shapeSpans(obj.shape, obj.box), outlineRgb(colour));
    fill(img, area, shapeSpans(obj.shape, obj.box, rim), colour);
  }
  for (const face of scene.faces) paintFace(img, face.box, face.expression, faceTone(rng), rim * 1.2);
  for (const decoy of scene.decoys) paintDisc(img, decoy.box, faceTone(rng), rim * 1.2);

  if (style.cast !== null) {
    const gain = inRange(style.cast.gain, next);
    const red = inRange(style.cast.red, next);
    const blue = inRange(style.cast.blue, next);
    applyChannelGains(img, [gain * red, gain, gain * blue]);
  }
  const sigma = inRange(style.pixelNoise, next);
  if (sigma > 0) addGaussianNoise(img, sigma, rng);
  return img;
}

function faceTone(rng: Rng): Rgb {
  const base = rng.pick(FACE_TONES);
  const d = rng.int(-8, 9);
  return [clampByte(base[0] + d), clampByte(base[1] + d), clampByte(base[2] + d)];
}
