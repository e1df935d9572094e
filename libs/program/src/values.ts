/**
 * Runtime values that flow between program steps. Images are *views*: a root input image
 * (`IMAGE`, `LEFT` or `RIGHT`) plus a rectangle in that root's pixel coordinates. Steps never copy
 * pixels; a module backend turns a view into pixels (a real crop) or into annotations (an oracle).
 */
import type { ModuleCallReport } from './executor/module-report';

/** An axis-aligned rectangle in root-image pixel coordinates; x2/y2 are exclusive. */
export interface Rect {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** A region of one of the program's input images. */
export interface ImageValue {
  readonly kind: 'image';
  /** The input variable the view comes from: `IMAGE`, `LEFT` or `RIGHT`. */
  readonly root: string;
  /** The visible region, in root coordinates. */
  readonly rect: Rect;
}

/** A detection in root coordinates, with its score and an optional label. */
export interface Detection extends Rect {
  readonly score: number;
  readonly label?: string;
}

/** The output of LOC, FACEDET and CLASSIFY: detections (best first) found in an image view. */
export interface BoxesValue {
  readonly kind: 'boxes';
  readonly image: ImageValue;
  readonly boxes: readonly Detection[];
}

/** The output of TAG: the image with every detection labelled. */
export interface TagsValue {
  readonly kind: 'tags';
  readonly image: ImageValue;
  readonly tags: readonly Detection[];
}

/** Everything a program variable can hold. */
export type Value = ImageValue | BoxesValue | TagsValue | string | number | boolean;

/** Per-call options every module call carries. */
export interface CallOptions {
  /** Aborted when the run is cancelled or its deadline passes. */
  readonly signal: AbortSignal;
  /**
   * Set by the executor: a backend that knows which model answered (and the module's soft output)
   * reports it here, and the executor puts it in the step record. Backends without such knowledge
   * (the oracle) never call it.
   */
  readonly report?: (report: ModuleCallReport) => void;
}

/**
 * The neural modules a program calls. The runner implements it with gRPC clients; the Shapes world
 * implements it with an oracle that answers from scene annotations. Boxes in and out are in root
 * coordinates; the backend translates to and from the pixels of the view.
 */
export interface ModuleBackend {
  /** Boxes of the objects matching `object` inside `image`, best first. */
  locate(image: ImageValue, object: string, options: CallOptions): Promise<Detection[]>;
  /** Face boxes inside `image`, best first. */
  detectFaces(image: ImageValue, options: CallOptions): Promise<Detection[]>;
  /** For each box, the best category and the score of every category (same order as `categories`). */
  classify(
    image: ImageValue,
    boxes: readonly Detection[],
    categories: readonly string[],
    options: CallOptions,
  ): Promise<Array<{ label: string; scores: number[] }>>;
  /** The answer to `question` about `image`, with its probability. */
  answer(image: ImageValue, question: string, options: CallOptions): Promise<{ answer: string; score: number }>;
}
