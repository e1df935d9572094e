import type { Detection, ImageValue, ModuleBackend, Rect } from '../values';

/** An annotated object of a test scene. */
export interface TestObject extends Rect {
  readonly name: string;
  readonly label?: string;
}

function inside(view: Rect, o: Rect): boolean {
  const cx = (o.x1 + o.x2) / 2;
  const cy = (o.y1 + o.y2) / 2;
  return cx >= view.x1 && cx < view.x2 && cy >= view.y1 && cy < view.y2;
}

/**
 * A test double of the library's own `ModuleBackend` interface (the real backends, gRPC clients and
 * the Shapes world's oracle, live in other projects): it answers from hand-written annotations.
 * `locate` returns objects whose centre lies in the view and whose name contains the phrase
 * (`object` matches everything); `answer` counts objects named in "How many X are ...".
 */
export function createSceneBackend(scenes: Readonly<Record<string, readonly TestObject[]>>): ModuleBackend & { calls: string[] } {
  const calls: string[] = [];
  const visible = (image: ImageValue) => (scenes[image.root] ?? []).filter((o) => inside(image.rect, o));
  const box = (o: TestObject): Detection => ({ x1: o.x1, y1: o.y1, x2: o.x2, y2: o.y2, score: 0.9 });
  return {
    calls,
    async locate(image, object) {
      calls.push(`locate ${image.root} ${object}`);
      return visible(image)
        .filter((o) => object === 'object' || o.name.includes(object))
        .map(box);
    },
    async detectFaces(image) {
      calls.push(`detectFaces ${image.root}`);
      return visible(image).filter((o) => o.name === 'face').map(box);
    },
    async classify(image, boxes, categories) {
      calls.push(`classify ${image.root} ${boxes.length}`);
      return boxes.map((b) => {
        const match = visible(image).find((o) => o.x1 === b.x1 && o.y1 === b.y1);
        const label = match?.label ?? categories[0];
        return { label, scores: categories.map((c) => (c === label ? 1 : 0)) };
      });
    },
    async answer(image, question) {
      calls.push(`answer ${image.root} ${question}`);
      const phrase = /How many (.+?)s? are/.exec(question)?.[1] ?? '';
      return { answer: String(visible(image).filter((o) => o.name.includes(phrase)).length), score: 1 };
    },
  };
}

/** A whole-image view of a `size`×`size` input. */
export function wholeImage(root: string, size = 100): ImageValue {
  return { kind: 'image', root, rect: { x1: 0, y1: 0, x2: size, y2: size } };
}
