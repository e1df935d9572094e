import type { common, facedet } from '@vprog/proto-ts';
import type { Domain } from '@vprog/world';
import { boxRect, detectFacesRequest, pngImage } from './module-requests';
import { matchDetections } from './scene-targets';
import { testScene } from './test-scenes';

/** What a facedet service found on rendered two-face scenes, summed over the scenes. */
export interface FaceDetectionCounts {
  /** True faces in the scenes. */
  readonly faces: number;
  /** True faces that some returned box overlaps at IoU ≥ 0.5. */
  readonly found: number;
  /** Boxes returned. */
  readonly confident: number;
  /** Returned boxes that overlap some true face at IoU ≥ 0.5. */
  readonly correct: number;
  /** The model each response named, in order. */
  readonly models: readonly (common.ModelRef | undefined)[];
  /** Every label the returned boxes carried. */
  readonly labels: readonly string[];
}

/** The part of a FaceDetService client the count needs. */
interface DetectFacesClient {
  detectFaces(request: facedet.DetectFacesRequest): Promise<facedet.DetectFacesResponse>;
}

/**
 * Sends one two-face scene of `domain` per seed (as PNG, with `scoreThreshold`) and counts recall
 * and precision hits against the scenes' annotations: what the facedet student and teacher specs
 * check. Rejects with the first failed call.
 */
export async function faceDetectionCounts(client: DetectFacesClient, domain: Domain, seeds: readonly number[], scoreThreshold = 0.5): Promise<FaceDetectionCounts> {
  let faces = 0;
  let found = 0;
  let confident = 0;
  let correct = 0;
  const models: (common.ModelRef | undefined)[] = [];
  const labels: string[] = [];
  for (const seed of seeds) {
    const { scene, png } = testScene(domain, seed, { faces: 2 });
    const { boxes, model } = await client.detectFaces(detectFacesRequest(pngImage(png), { scoreThreshold }));
    models.push(model);
    labels.push(...boxes.map((b) => b.label));
    const match = matchDetections(scene.faces.map((f) => f.box), boxes.map(boxRect));
    faces += match.truths;
    found += match.found;
    confident += match.predicted;
    correct += match.correct;
  }
  return { faces, found, confident, correct, models, labels };
}
