import type { Scene } from '../scene';
import type { BoxTuple } from '../tasks/task-item';
import type { Domain } from '../vocabulary';

/** The four neural modules a module dataset can be built for. */
export const MODULE_NAMES = ['loc', 'facedet', 'classify', 'vqa'] as const;
/** One of {@link MODULE_NAMES}. */
export type ModuleName = (typeof MODULE_NAMES)[number];

/** Fields every module item has: its image file (relative to the dataset folder) and domain. */
interface ItemBase {
  /** `images/NNNNNN.png`. */
  readonly image: string;
  readonly domain: Domain;
}

/** LOC: the boxes of the objects matching `phrase` whose centre lies in `view` (empty for negatives). */
export interface LocItem extends ItemBase {
  readonly view: BoxTuple;
  readonly phrase: string;
  readonly boxes: readonly BoxTuple[];
}

/** FACEDET: the boxes of the faces whose centre lies in `view` (decoys are not faces). */
export interface FacedetItem extends ItemBase {
  readonly view: BoxTuple;
  readonly boxes: readonly BoxTuple[];
}

/** CLASSIFY: the labels of the thing in `box` — a shape's shape, colour and size, or a face's expression. */
export type ClassifyItem = ItemBase &
  (
    | { readonly box: BoxTuple; readonly kind: 'shape'; readonly labels: { readonly shape: string; readonly colour: string; readonly size: string } }
    | { readonly box: BoxTuple; readonly kind: 'face'; readonly labels: { readonly expression: string } }
  );

/** VQA: a question about `view` and its answer (one of `ANSWERS`). */
export interface VqaItem extends ItemBase {
  readonly view: BoxTuple;
  readonly question: string;
  readonly answer: string;
}

/** Any module item. */
export type ModuleItem = LocItem | FacedetItem | ClassifyItem | VqaItem;

/** One image of a module dataset with the items that use it. */
export interface ModuleImageSample {
  /** 0-based image index; the file is `images/<index as 6 digits>.png`. */
  readonly index: number;
  readonly image: string;
  readonly scene: Scene;
  /** The seed its pixels render from (see `renderModuleImage`). */
  readonly renderSeed: string;
  readonly items: readonly ModuleItem[];
}
