import type { Colour, Domain, Expression, Shape, Size } from './vocabulary';

/** An axis-aligned box in pixel coordinates of the full scene image; x2/y2 are exclusive. */
export interface Box {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** A coloured shape: the objects that GQA-style questions talk about. */
export interface ShapeObject {
  readonly id: number;
  readonly shape: Shape;
  readonly colour: Colour;
  readonly size: Size;
  readonly box: Box;
}

/** A cartoon face: what FACEDET finds and what face-tag tags with its expression. */
export interface Face {
  readonly id: number;
  readonly expression: Expression;
  readonly box: Box;
}

/** A face-like distractor (a plain disc in a face tone) that a face detector must not fire on. */
export interface Decoy {
  readonly id: number;
  readonly box: Box;
}

/** One generated scene with exact ground truth. Ids are unique across objects, faces and decoys. */
export interface Scene {
  readonly width: number;
  readonly height: number;
  readonly domain: Domain;
  readonly objects: readonly ShapeObject[];
  readonly faces: readonly Face[];
  readonly decoys: readonly Decoy[];
}
