import type { CallOptions, Detection, ImageValue, ModuleBackend } from '@vprog/program';
import { iou } from '../geometry/box';
import type { Box, Scene } from '../scene';
import { answerInView, facesInView, locateInView } from './scene-answers';

/**
 * A {@link ModuleBackend} that answers every module call from the scene annotations instead of a
 * model. Executing a gold program with it must give the gold answer; that is how the world checks
 * its own programs, and the oracle is the upper bound in benchmark tables.
 */

interface Labelled {
  readonly box: Box;
  readonly attributes: readonly string[];
}

function labelled(scene: Scene): Labelled[] {
  return [
    ...scene.objects.map((o) => ({ box: o.box, attributes: [o.shape, o.colour, o.size] })),
    ...scene.faces.map((f) => ({ box: f.box, attributes: [f.expression, 'face'] })),
  ];
}

/**
 * Creates the oracle for a program's input images, keyed by input name (`IMAGE`, or `LEFT` and
 * `RIGHT`). Every call throws a RangeError when it names an input it was not given.
 */
export function createOracleBackend(scenes: Readonly<Record<string, Scene>>): ModuleBackend {
  const sceneOf = (image: ImageValue): Scene => {
    const scene = scenes[image.root];
    if (!scene) throw new RangeError(`the oracle has no scene for input ${JSON.stringify(image.root)}`);
    return scene;
  };
  const detections = (boxes: readonly Box[]): Detection[] => boxes.map((b) => ({ x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2, score: 1 }));
  return {
    async locate(image: ImageValue, object: string, _options: CallOptions) {
      return detections(locateInView(sceneOf(image), image.rect, object));
    },
    async detectFaces(image: ImageValue, _options: CallOptions) {
      return detections(facesInView(sceneOf(image), image.rect).map((face) => face.box));
    },
    async classify(image: ImageValue, boxes: readonly Detection[], categories: readonly string[], _options: CallOptions) {
      const things = labelled(sceneOf(image));
      return boxes.map((box) => {
        let best: Labelled | undefined;
        let bestIou = 0;
        for (const thing of things) {
          const overlap = iou(box, thing.box);
          if (overlap > bestIou) [best, bestIou] = [thing, overlap];
        }
        const index = best ? categories.findIndex((c) => best.attributes.includes(c.trim().toLowerCase())) : -1;
        const label = categories[Math.max(0, index)] ?? '';
        return { label, scores: categories.map((_, i) => (index < 0 ? 1 / categories.length : i === index ? 1 : 0)) };
      });
    },
    async answer(image: ImageValue, question: string, _options: CallOptions) {
      return answerInView(sceneOf(image), image.rect, question);
    },
  };
}
