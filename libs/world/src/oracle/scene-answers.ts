import { centreInside, distanceToCentre } from '../geometry/box';
import { matchesPhrase, parsePhrase, type Phrase } from '../language/phrase';
import { parseVqaQuestion } from '../language/vqa-question';
import type { Box, Face, Scene, ShapeObject } from '../scene';

/**
 * Answers module calls from scene annotations: the single definition of what LOC, FACEDET and VQA
 * should return for a view of a scene. The oracle backend and the module datasets both use it, so
 * the datasets teach exactly what the oracle (and the gold answers) expect.
 */

const FACE_WORDS = /^(?:the |a |an |any )?(?:faces?|persons?|people|heads?)$/;

/** Objects whose centre lies in `view` and that `phrase` names, in scene order. */
export function objectsInView(scene: Scene, view: Box, phrase: Phrase): ShapeObject[] {
  return scene.objects.filter((object) => centreInside(object.box, view) && matchesPhrase(phrase, object));
}

/** Faces whose centre lies in `view`, in scene order. */
export function facesInView(scene: Scene, view: Box): Face[] {
  return scene.faces.filter((face) => centreInside(face.box, view));
}

/**
 * The boxes LOC should find for `text` in `view`: matching objects (or faces, for "face"), in
 * scene order. A phrase outside the grammar finds nothing. Never throws.
 */
export function locateInView(scene: Scene, view: Box, text: string): Box[] {
  if (FACE_WORDS.test(text.trim().toLowerCase())) return facesInView(scene, view).map((face) => face.box);
  const phrase = parsePhrase(text);
  return phrase ? objectsInView(scene, view, phrase).map((object) => object.box) : [];
}

/** The object a question about "the X" means in a view: the match nearest the view's centre. */
function subject(scene: Scene, view: Box, phrase: Phrase): ShapeObject | undefined {
  const matches = objectsInView(scene, view, phrase);
  const pool = matches.length > 0 ? matches : scene.objects.filter((object) => centreInside(object.box, view));
  return [...pool].sort((a, b) => distanceToCentre(a.box, view) - distanceToCentre(b.box, view))[0];
}

/** The oracle's answer to a VQA question, with score 1 (or `unknown` with score 0). */
export interface SceneAnswer {
  readonly answer: string;
  readonly score: number;
}

/**
 * Answers a VQA question about `view` of `scene` by parsing it with the world's question grammar.
 * Attribute questions about "the X" use the match nearest the view centre (any object in view if
 * none matches); a question outside the grammar, or about an empty view, answers `unknown` with
 * score 0. Never throws.
 */
export function answerInView(scene: Scene, view: Box, question: string): SceneAnswer {
  const query = parseVqaQuestion(question);
  if (!query) return { answer: 'unknown', score: 0 };
  switch (query.kind) {
    case 'count':
      return { answer: String(objectsInView(scene, view, query.phrase).length), score: 1 };
    case 'exist':
      return { answer: objectsInView(scene, view, query.phrase).length > 0 ? 'yes' : 'no', score: 1 };
    case 'colour':
    case 'shape':
    case 'size': {
      const target = subject(scene, view, query.phrase);
      return target ? { answer: target[query.kind], score: 1 } : { answer: 'unknown', score: 0 };
    }
  }
}
