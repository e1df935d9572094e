import { DOMAINS, type Domain } from '../vocabulary';
import { createWorldError } from '../errors';

/** An inclusive count range. */
export interface CountRange {
  min: number;
  max: number;
}

/** What kind of scene to generate; every field but `domain` has a default. */
export interface SceneOptions {
  domain: Domain;
  /** Image width in pixels (default 128). Sizes of things scale with min(width, height) / 128. */
  width?: number;
  /** Image height in pixels (default 128). */
  height?: number;
  /** How many shape objects (default 2..6). */
  objects?: CountRange;
  /** How many faces (default 0..0). */
  faces?: CountRange;
  /** How many face-like decoys (default 0..0). */
  decoys?: CountRange;
}

/** {@link SceneOptions} with every default filled in. */
export type ResolvedSceneOptions = Required<SceneOptions>;

/** The defaults of {@link SceneOptions}, in one place. */
export const SCENE_DEFAULTS = {
  width: 128,
  height: 128,
  objects: { min: 2, max: 6 },
  faces: { min: 0, max: 0 },
  decoys: { min: 0, max: 0 },
} as const;

/**
 * Fills in defaults and checks the options. Throws an `INVALID_OPTIONS` world error for an
 * unknown domain, a size that is not an integer in 32..1024, or a count range that is not
 * 0 <= min <= max <= 16.
 */
export function resolveSceneOptions(options: SceneOptions): ResolvedSceneOptions {
  const problems: string[] = [];
  if (!(DOMAINS as readonly string[]).includes(options.domain)) problems.push(`unknown domain ${JSON.stringify(options.domain)}`);
  const width = options.width ?? SCENE_DEFAULTS.width;
  const height = options.height ?? SCENE_DEFAULTS.height;
  for (const [name, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(v) || v < 32 || v > 1024) problems.push(`${name} must be an integer in 32..1024, got ${v}`);
  }
  const range = (name: string, r: CountRange | undefined, fallback: CountRange): CountRange => {
    const got = r ?? fallback;
    if (!Number.isInteger(got.min) || !Number.isInteger(got.max) || got.min < 0 || got.min > got.max || got.max > 16) {
      problems.push(`${name} must satisfy 0 <= min <= max <= 16 (integers), got ${got.min}..${got.max}`);
    }
    return { min: got.min, max: got.max };
  };
  const objects = range('objects', options.objects, SCENE_DEFAULTS.objects);
  const faces = range('faces', options.faces, SCENE_DEFAULTS.faces);
  const decoys = range('decoys', options.decoys, SCENE_DEFAULTS.decoys);
  if (problems.length > 0) throw createWorldError('INVALID_OPTIONS', `invalid scene options: ${problems.join('; ')}`);
  return { domain: options.domain, width, height, objects, faces, decoys };
}
