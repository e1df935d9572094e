import { softmax, sigmoid } from '../decode/softmax';
import { modelError } from '../errors';
import { splitWords } from '../text/tokenizer';

/** Where a closed-set detector keeps its class logits in each cell (from the manifest's decode.classes). */
export interface ClosedSetLayout {
  readonly shape?: { readonly offset: number; readonly labels: readonly string[] };
  readonly colour?: { readonly offset: number; readonly labels: readonly string[] };
}

/** What a phrase asks of a closed-set detector: label indices within each group (absent = any). */
export interface ClosedPhrase {
  readonly shape?: number;
  readonly colour?: number;
}

/** Words that name no attribute: articles and the generic nouns ("the objects", "any shape"). */
const NEUTRAL_WORDS = new Set(['the', 'a', 'an', 'any', 'some', 'object', 'objects', 'shape', 'shapes', 'thing', 'things', 'item', 'items']);

function lookup(word: string, labels: readonly string[] | undefined): number {
  if (labels === undefined) return -1;
  const exact = labels.indexOf(word);
  if (exact >= 0) return exact;
  return word.endsWith('s') ? labels.indexOf(word.slice(0, -1)) : -1;
}

/**
 * Reads a LOC phrase in the closed label space of the teacher detector: colour and shape words
 * (plurals allowed), articles and generic nouns. Anything else — a size word, an unknown word, two
 * colours — is something the teacher cannot express.
 * @throws ModelError OUTSIDE_LABEL_SPACE (FAILED_PRECONDITION) naming the word.
 */
export function parseClosedPhrase(phrase: string, layout: ClosedSetLayout): ClosedPhrase {
  let shape: number | undefined;
  let colour: number | undefined;
  for (const word of splitWords(phrase)) {
    if (NEUTRAL_WORDS.has(word)) continue;
    const c = lookup(word, layout.colour?.labels);
    const s = c < 0 ? lookup(word, layout.shape?.labels) : -1;
    if (c >= 0 && (colour === undefined || colour === c)) colour = c;
    else if (s >= 0 && (shape === undefined || shape === s)) shape = s;
    else {
      throw modelError('OUTSIDE_LABEL_SPACE', `the closed-set detector cannot express "${word}" in "${phrase}"`, { phrase, word });
    }
  }
  return { ...(shape !== undefined ? { shape } : {}), ...(colour !== undefined ? { colour } : {}) };
}

/**
 * The teacher adapter's class-aware score per cell: sigmoid(objectness) × softmax(shape logits)
 * [phrase shape] × softmax(colour logits)[phrase colour]; absent attributes contribute 1. This maps
 * the closed-set detector's native output onto LOC's "phrase → boxes" API.
 */
export function closedSetScores(
  grid: Float32Array,
  offset: number,
  channels: number,
  cells: number,
  layout: ClosedSetLayout,
  wanted: ClosedPhrase,
): Float64Array {
  const scores = new Float64Array(cells);
  for (let cell = 0; cell < cells; cell++) {
    const base = offset + cell * channels;
    let score = sigmoid(grid[base]);
    if (wanted.shape !== undefined && layout.shape !== undefined) {
      score *= softmax(grid, base + layout.shape.offset, layout.shape.labels.length)[wanted.shape];
    }
    if (wanted.colour !== undefined && layout.colour !== undefined) {
      score *= softmax(grid, base + layout.colour.offset, layout.colour.labels.length)[wanted.colour];
    }
    scores[cell] = score;
  }
  return scores;
}
