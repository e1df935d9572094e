import { isWorldError } from '../errors';
import { centreInside, tupleToBox } from '../geometry/box';
import { parsePhrase } from '../language/phrase';
import { tokenize } from '../language/text';
import { answerInView } from '../oracle/scene-answers';
import { generateModuleSamples, renderModuleImage } from './generate-module-samples';
import type { LocItem, ModuleItem, VqaItem } from './module-items';
import { ANSWERS, WORDS } from './vocab';
import { parseDomainWeights } from './domain-weights';

const items = (module: 'loc' | 'facedet' | 'classify' | 'vqa', count: number, seed = 1): ModuleItem[] =>
  [...generateModuleSamples(module, { split: 'train', seed, count })].flatMap((sample) => [...sample.items]);

describe('module datasets', () => {
  it('are deterministic per (module, split, seed) and differ across seeds', () => {
    expect(JSON.stringify(items('loc', 40))).toBe(JSON.stringify(items('loc', 40)));
    expect(JSON.stringify(items('loc', 40, 2))).not.toBe(JSON.stringify(items('loc', 40)));
  });

  it('yield exactly the requested number of items, several per image for loc', () => {
    const samples = [...generateModuleSamples('loc', { split: 'dev', seed: 3, count: 31 })];
    expect(samples.reduce((n, s) => n + s.items.length, 0)).toBe(31);
    expect(samples.length).toBeLessThan(31);
    expect(samples[0].image).toBe('images/000000.png');
    expect(renderModuleImage(samples[0]).width).toBe(128);
  });

  it('give loc boxes that are exactly the matching objects in the view, with about a quarter negatives', () => {
    const samples = [...generateModuleSamples('loc', { split: 'train', seed: 5, count: 600 })];
    let negatives = 0;
    for (const sample of samples) {
      for (const item of sample.items as LocItem[]) {
        const phrase = parsePhrase(item.phrase)!;
        const view = tupleToBox(item.view);
        const expected = sample.scene.objects
          .filter((o) => centreInside(o.box, view) && (phrase.shape ?? o.shape) === o.shape && (phrase.colour ?? o.colour) === o.colour && (phrase.size ?? o.size) === o.size)
          .map((o) => [o.box.x1, o.box.y1, o.box.x2, o.box.y2]);
        expect(item.boxes).toEqual(expected);
        if (item.boxes.length === 0) negatives++;
      }
    }
    expect(negatives / 600).toBeGreaterThan(0.18);
    expect(negatives / 600).toBeLessThan(0.32);
  });

  it('give vqa answers that the oracle gives and that are in the answer vocabulary', () => {
    const samples = [...generateModuleSamples('vqa', { split: 'train', seed: 2, count: 300 })];
    const kinds = new Set<string>();
    for (const sample of samples) {
      for (const item of sample.items as VqaItem[]) {
        expect(answerInView(sample.scene, tupleToBox(item.view), item.question).answer).toBe(item.answer);
        expect(ANSWERS).toContain(item.answer);
        kinds.add(item.question.split(' ')[0]);
      }
    }
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['Are', 'How', 'Is', 'What']));
  });

  it('tokenise every phrase and question into the word list', () => {
    const words = new Set(WORDS);
    expect([...WORDS]).toEqual([...WORDS].sort());
    for (const item of [...items('loc', 200), ...items('vqa', 200)]) {
      const text = 'phrase' in item ? item.phrase : 'question' in item ? item.question : '';
      for (const token of tokenize(text)) expect(words.has(token)).toBe(true);
    }
    expect(ANSWERS).toEqual(expect.arrayContaining(['red', 'star', 'small', 'smiling', 'yes', 'no', '0', '10']));
  });

  it('give classify labels for shapes and faces and facedet boxes only for faces', () => {
    const classify = items('classify', 200);
    expect(classify.some((i) => 'kind' in i && i.kind === 'face')).toBe(true);
    expect(classify.some((i) => 'kind' in i && i.kind === 'shape')).toBe(true);
    for (const sample of generateModuleSamples('facedet', { split: 'test', seed: 1, count: 50 })) {
      const faces = sample.scene.faces.map((f) => [f.box.x1, f.box.y1, f.box.x2, f.box.y2]);
      for (const item of sample.items) if ('boxes' in item) for (const b of item.boxes) expect(faces).toContainEqual(b);
    }
  });

  it('follow the domain weights', () => {
    const dusk = [...generateModuleSamples('classify', { split: 'train', seed: 1, count: 100, domains: parseDomainWeights('dusk=1') })];
    expect(new Set(dusk.map((s) => s.scene.domain))).toEqual(new Set(['dusk']));
    const mixed = [...generateModuleSamples('classify', { split: 'train', seed: 1, count: 1200 })].map((s) => s.scene.domain);
    for (const domain of ['studio', 'paper', 'noise']) expect(mixed.filter((d) => d === domain).length / mixed.length).toBeGreaterThan(0.25);
    expect(mixed.filter((d) => d === 'dusk').length / mixed.length).toBeLessThan(0.03);
  });

  it('reject unknown modules and bad options with typed errors', () => {
    const reason = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return isWorldError(error) ? error.reason : 'untyped';
      }
      return undefined;
    };
    expect(reason(() => generateModuleSamples('ocr' as never, { split: 'train', seed: 1, count: 1 }).next())).toBe('UNKNOWN_MODULE');
    expect(reason(() => generateModuleSamples('loc', { split: 'train', seed: 1, count: 1.5 }).next())).toBe('INVALID_OPTIONS');
    expect(reason(() => parseDomainWeights('dusk=-1'))).toBe('INVALID_OPTIONS');
    expect(reason(() => parseDomainWeights('dusk=0'))).toBe('INVALID_OPTIONS');
  });
});
