import type { common, facedet, loc } from '@vprog/proto-ts';

/** A `common.Image` carrying encoded PNG bytes, as a client sends it. Throws nothing. */
export function pngImage(bytes: Buffer): common.Image {
  return { source: { $case: 'encoded', value: bytes } };
}

/** A proto box (score 1, no label) for a `{x1, y1, x2, y2}` rect, e.g. a scene object's box. Throws nothing. */
export function protoBox(rect: { x1: number; y1: number; x2: number; y2: number }): common.Box {
  return { xMin: rect.x1, yMin: rect.y1, xMax: rect.x2, yMax: rect.y2, score: 1, label: '' };
}

/** The `{x1, y1, x2, y2}` rect of a proto box, for `boxIou` against scene annotations. Throws nothing. */
export function boxRect(box: common.Box): { x1: number; y1: number; x2: number; y2: number } {
  return { x1: box.xMin, y1: box.yMin, x2: box.xMax, y2: box.yMax };
}

/** A Locate request with the proto defaults filled in (student and teacher specs share it). Throws nothing. */
export function locateRequest(image: common.Image | undefined, object: string, extra: Partial<loc.LocateRequest> = {}): loc.LocateRequest {
  return { image, object, maxBoxes: 0, ...extra };
}

/** A DetectFaces request with the proto defaults filled in (student and teacher specs share it). Throws nothing. */
export function detectFacesRequest(image: common.Image | undefined, extra: Partial<facedet.DetectFacesRequest> = {}): facedet.DetectFacesRequest {
  return { image, maxBoxes: 0, ...extra };
}
