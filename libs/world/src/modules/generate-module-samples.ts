import { createWorldError } from '../errors';
import type { RawImage } from '../image';
import { createRng } from '../random';
import { renderScene } from '../render';
import type { Scene } from '../scene';
import { generateScene, type SceneOptions } from '../scene-gen';
import { SPLITS, type Split } from '../tasks/task-item';
import { DEFAULT_DOMAIN_WEIGHTS, checkDomainWeights, pickDomain, type DomainWeights } from './domain-weights';
import { classifyItems, facedetItems, locItems, paintForCounting, vqaItems, type ImageContext } from './item-builders';
import { MODULE_NAMES, type ModuleImageSample, type ModuleItem, type ModuleName } from './module-items';

/**
 * Module datasets: images with per-module training items, the data the model zoo trains students
 * and teachers on and evaluates them with. Image `i` of (module, split, seed) comes from
 * `createRng('module', module, split, seed, i)` alone.
 */

/** Options of {@link generateModuleSamples}. */
export interface ModuleSampleOptions {
  readonly split: Split;
  readonly seed: number;
  /** How many items in all (several items may share an image). */
  readonly count: number;
  /** Domain mix (default `studio=1,paper=1,noise=1,dusk=0.02`). */
  readonly domains?: DomainWeights;
}

const SCENES: Record<ModuleName, Omit<SceneOptions, 'domain'>> = {
  loc: { objects: { min: 2, max: 6 } },
  facedet: { objects: { min: 0, max: 4 }, faces: { min: 0, max: 3 }, decoys: { min: 0, max: 3 } },
  classify: { objects: { min: 1, max: 5 }, faces: { min: 0, max: 2 }, decoys: { min: 0, max: 2 } },
  vqa: { objects: { min: 3, max: 6 } },
};

function itemsFor(module: ModuleName, ctx: ImageContext): { scene: Scene; items: ModuleItem[] } {
  if (module === 'vqa') {
    const { scene, lead } = paintForCounting(ctx.rng.fork('counting'), ctx.scene);
    return { scene, items: vqaItems({ ...ctx, scene }, 3, lead) };
  }
  return { scene: ctx.scene, items: itemsOf(module, ctx) };
}

function itemsOf(module: Exclude<ModuleName, 'vqa'>, ctx: ImageContext): ModuleItem[] {
  switch (module) {
    case 'loc':
      return locItems(ctx, 3);
    case 'facedet':
      return facedetItems(ctx);
    case 'classify':
      return classifyItems(ctx);
  }
}

/** The file name of image `index`: `images/000123.png`. */
export function moduleImageName(index: number): string {
  return `images/${String(index).padStart(6, '0')}.png`;
}

/** Throws an `INVALID_OPTIONS` / `UNKNOWN_MODULE` world error for bad options. */
function checkOptions(module: string, options: ModuleSampleOptions): void {
  if (!(MODULE_NAMES as readonly string[]).includes(module)) {
    throw createWorldError('UNKNOWN_MODULE', `unknown module ${JSON.stringify(module)}; modules: ${MODULE_NAMES.join(', ')}`);
  }
  if (!(SPLITS as readonly string[]).includes(options.split)) {
    throw createWorldError('INVALID_OPTIONS', `unknown split ${JSON.stringify(options.split)}; splits: ${SPLITS.join(', ')}`);
  }
  if (!Number.isSafeInteger(options.seed)) throw createWorldError('INVALID_OPTIONS', `seed must be an integer, got ${options.seed}`);
  if (!Number.isSafeInteger(options.count) || options.count < 0) {
    throw createWorldError('INVALID_OPTIONS', `count must be a non-negative integer, got ${options.count}`);
  }
  checkDomainWeights(options.domains ?? DEFAULT_DOMAIN_WEIGHTS);
}

/**
 * Lazily yields the images of a module dataset with their items until `count` items have been
 * produced (the last image's items are cut to fit). Pixels are not rendered; call
 * {@link renderModuleImage}. Throws an `UNKNOWN_MODULE` or `INVALID_OPTIONS` world error on the
 * first `next()` for bad arguments.
 */
export function* generateModuleSamples(module: ModuleName, options: ModuleSampleOptions): Generator<ModuleImageSample> {
  checkOptions(module, options);
  const weights = options.domains ?? DEFAULT_DOMAIN_WEIGHTS;
  let produced = 0;
  for (let index = 0; produced < options.count; index++) {
    const rng = createRng('module', module, options.split, options.seed, index);
    const domain = pickDomain(rng.fork('domain'), weights);
    const scene = generateScene(rng.fork('scene'), { domain, width: 128, height: 128, ...SCENES[module] });
    const image = moduleImageName(index);
    const built = itemsFor(module, { rng: rng.fork('items'), scene, image, domain });
    const items = built.items.slice(0, options.count - produced);
    if (items.length === 0) continue;
    produced += items.length;
    yield { index, image, scene: built.scene, renderSeed: `module/${module}/${options.split}/${options.seed}/${index}`, items };
  }
}

/** The pixels of a module image. Never throws for generated samples. */
export function renderModuleImage(sample: Pick<ModuleImageSample, 'scene' | 'renderSeed'>): RawImage {
  return renderScene(sample.scene, createRng('render', sample.renderSeed));
}
