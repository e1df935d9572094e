/**
 * The closed vocabulary of the Shapes world. Every model, task and grammar in vprog speaks these
 * words, so they live in one place.
 */
export const SHAPES = ['circle', 'square', 'triangle', 'star', 'hexagon', 'diamond'] as const;
export const COLOURS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple', 'white', 'black'] as const;
export const SIZES = ['small', 'large'] as const;
export const EXPRESSIONS = ['smiling', 'frowning', 'surprised'] as const;
/** Visual domains. `dusk` is the target domain: dark, warm-cast and noisy. */
export const DOMAINS = ['studio', 'paper', 'noise', 'dusk'] as const;
/** The domain the target tasks live in. */
export const TARGET_DOMAIN = 'dusk' as const;

export type Shape = (typeof SHAPES)[number];
export type Colour = (typeof COLOURS)[number];
export type Size = (typeof SIZES)[number];
export type Expression = (typeof EXPRESSIONS)[number];
export type Domain = (typeof DOMAINS)[number];
