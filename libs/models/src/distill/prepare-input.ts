import type { Manifest } from '../manifest/manifest-schema';
import type { AnswerRequest, ClassifyRequest, DetectFacesRequest, LocateRequest } from '../predictors/types';
import { cropResize, resizeView } from '../preprocess/crop-resize';
import { letterbox } from '../preprocess/letterbox';
import type { CanvasGeometry } from './distill-targets';

/** Any module's domain request (what the module codecs decode). */
export type ModuleRequest = LocateRequest | DetectFacesRequest | ClassifyRequest | AnswerRequest;

/** A request's backbone input before hashing: image rows, texts and (detectors) canvas geometry. */
export interface PreparedPixels {
  /** Image rows of this input: 1, or one per classify box. */
  readonly rows: number;
  /** `rows × 3 × size × size` float32, exactly what the predictor feeds. */
  readonly pixels: Float32Array;
  /** Texts for the backbone's text input: one per row (phrase, question) or the shared categories. */
  readonly texts: readonly string[];
  /** Where the view lies on the letterboxed canvas (detectors only). */
  readonly geometry?: CanvasGeometry;
}

/**
 * Preprocesses one request the way its module's predictor does: letterbox for loc and facedet,
 * view resize for vqa, one padded crop per box for classify.
 * @throws ModelError INVALID_INPUT for an empty view or a box outside the image.
 */
export function prepareModuleInput(manifest: Manifest, request: ModuleRequest): PreparedPixels {
  const spec = manifest.preprocess;
  switch (manifest.module) {
    case 'loc':
    case 'facedet': {
      const r = request as LocateRequest;
      const boxed = letterbox(r.image, r.view, spec);
      return {
        rows: 1,
        pixels: boxed.data,
        texts: manifest.module === 'loc' ? [r.phrase] : [],
        geometry: { scale: boxed.scale, originX: boxed.originX, originY: boxed.originY },
      };
    }
    case 'vqa': {
      const r = request as AnswerRequest;
      return { rows: 1, pixels: resizeView(r.image, r.view, spec), texts: [r.question] };
    }
    case 'classify': {
      const r = request as ClassifyRequest;
      const plane = 3 * spec.size * spec.size;
      const pixels = new Float32Array(r.boxes.length * plane);
      r.boxes.forEach((box, i) => pixels.set(cropResize(r.image, box, spec), i * plane));
      return { rows: r.boxes.length, pixels, texts: r.categories };
    }
  }
}
