import type { Detection } from '@vprog/program';
import type { common, model } from '@vprog/proto-ts';
import type { ModuleCall } from '@vprog/trace-store';
import { cropImage, decodePng, type RawImage } from '@vprog/world';

/** The module request of a distillation example (one of the four module inputs). */
export type ModuleInput = NonNullable<model.DistillExample['input']>;

/**
 * Rebuilds the request a module received from a recorded call: the region of the stored input
 * image it saw (as raw pixels, like the runner sends them), its text arguments and, for CLASSIFY,
 * its boxes in the crop's pixels. The same bytes go to the teacher (for its label) and to the
 * student's Distill (as the example's input).
 * Throws nothing for a well-formed call; a call without the arguments its op needs yields an
 * input with empty text, which the module rejects.
 */
export function moduleInput(call: ModuleCall, root: RawImage): ModuleInput {
  const rect = call.input.image.rect;
  const crop = cropImage(root, rect);
  const origin = { x: Math.min(Math.max(Math.floor(rect.x1), 0), root.width - 1), y: Math.min(Math.max(Math.floor(rect.y1), 0), root.height - 1) };
  const image: common.Image = { source: { $case: 'raw', value: { width: crop.width, height: crop.height, channels: 3, data: Buffer.from(crop.data) } } };
  switch (call.op) {
    case 'LOC':
      return { $case: 'locate', value: { image, object: call.input.object ?? '', maxBoxes: 0 } };
    case 'FACEDET':
      return { $case: 'detectFaces', value: { image, maxBoxes: 0 } };
    case 'CLASSIFY':
      return { $case: 'classify', value: { image, boxes: (call.input.boxes ?? []).map((b) => cropBox(b, origin, crop)), categories: [...(call.input.categories ?? [])] } };
    case 'VQA':
      return { $case: 'answer', value: { image, question: call.input.question ?? '', topK: 0 } };
  }
}

/** A root-pixel detection as a given box in the crop's pixels (score 1, no label). */
function cropBox(d: Detection, origin: { x: number; y: number }, crop: RawImage): common.Box {
  const x = (v: number) => Math.min(Math.max(v - origin.x, 0), crop.width);
  const y = (v: number) => Math.min(Math.max(v - origin.y, 0), crop.height);
  return { xMin: x(d.x1), yMin: y(d.y1), xMax: x(d.x2), yMax: y(d.y2), score: 1, label: '' };
}

/** Decodes stored PNG blobs once per content hash while one stage reads many calls of the same image. */
export function createImageCache(getBlob: (hash: string) => Promise<Buffer>): (hash: string) => Promise<RawImage> {
  const cache = new Map<string, Promise<RawImage>>();
  return (hash) => {
    let image = cache.get(hash);
    if (image === undefined) {
      image = getBlob(hash).then(decodePng);
      cache.set(hash, image);
    }
    return image;
  };
}
