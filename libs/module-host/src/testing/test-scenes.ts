import { createRng, encodePng, generateScene, renderScene, type Domain, type RawImage, type Scene } from '@vprog/world';

/** A rendered Shapes scene with its ground truth and its PNG bytes. */
export interface TestScene {
  readonly scene: Scene;
  readonly image: RawImage;
  readonly png: Buffer;
}

/**
 * Renders a deterministic Shapes scene for service tests, so expectations come from the scene's
 * annotations rather than from fixed numbers.
 */
export function testScene(domain: Domain, seed: number, options: { readonly faces?: number; readonly objects?: { min: number; max: number } } = {}): TestScene {
  const rng = createRng('module-service-spec', domain, seed);
  const faces = options.faces ?? 0;
  const scene = generateScene(rng, { domain, faces: { min: faces, max: faces }, ...(options.objects ? { objects: options.objects } : {}) });
  const image = renderScene(scene, rng);
  return { scene, image, png: encodePng(image) };
}

/** Intersection over union of two `{x1, y1, x2, y2}` rects. */
export function boxIou(a: { x1: number; y1: number; x2: number; y2: number }, b: { x1: number; y1: number; x2: number; y2: number }): number {
  const w = Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1));
  const h = Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));
  const inter = w * h;
  const union = (a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter;
  return union > 0 ? inter / union : 0;
}
