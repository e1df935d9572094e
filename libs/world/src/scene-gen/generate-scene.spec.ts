import { isWorldError } from '../errors';
import { createRng } from '../random';
import type { Box, Scene } from '../scene';
import { isTightBox } from '../render/shape-geometry';
import { COLOURS, DOMAINS, EXPRESSIONS, SHAPES, SIZES } from '../vocabulary';
import { generateScene, SIZE_WIDTHS } from './generate-scene';
import { apart, LAYOUT_GAP } from './layout';

function allBoxes(scene: Scene): Box[] {
  return [...scene.objects, ...scene.faces, ...scene.decoys].map((item) => item.box);
}

const MANY = Array.from({ length: 400 }, (_, i) =>
  generateScene(createRng('scene-gen-spec', i), {
    domain: DOMAINS[i % DOMAINS.length],
    faces: { min: 0, max: 2 },
    decoys: { min: 0, max: 1 },
  }),
);

describe('generateScene', () => {
  it('is deterministic for the same stream and varies with the seed', () => {
    const a = generateScene(createRng('same'), { domain: 'studio' });
    const b = generateScene(createRng('same'), { domain: 'studio' });
    const c = generateScene(createRng('other'), { domain: 'studio' });
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('keeps every box inside the image and apart from every other box by the layout gap', () => {
    const problems: string[] = [];
    MANY.forEach((scene, n) => {
      const boxes = allBoxes(scene);
      boxes.forEach((box, i) => {
        if (box.x1 < 1 || box.y1 < 1 || box.x2 > scene.width - 1 || box.y2 > scene.height - 1) problems.push(`scene ${n}: box ${i} outside`);
        boxes.slice(i + 1).forEach((other, j) => {
          if (!apart(box, other, LAYOUT_GAP)) problems.push(`scene ${n}: boxes ${i} and ${i + 1 + j} too close`);
        });
      });
    });
    expect(problems).toEqual([]);
  });

  it('gives each object a box that is the tight box of its drawn shape and whose width fits its size', () => {
    const problems: string[] = [];
    for (const scene of MANY.slice(0, 150)) {
      for (const o of scene.objects) {
        const [lo, hi] = SIZE_WIDTHS[o.size];
        const w = o.box.x2 - o.box.x1;
        if (w < lo - 2 || w > hi + 2) problems.push(`${o.size} ${o.shape} is ${w} px wide`);
        if (!isTightBox(o.shape, o.box)) problems.push(`${o.shape} box ${JSON.stringify(o.box)} is not tight`);
      }
      for (const f of [...scene.faces, ...scene.decoys]) {
        const w = f.box.x2 - f.box.x1;
        if (w !== f.box.y2 - f.box.y1 || w < SIZE_WIDTHS.face[0] || w > SIZE_WIDTHS.face[1]) problems.push(`face box ${JSON.stringify(f.box)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('numbers objects, then faces, then decoys with unique ids', () => {
    for (const scene of MANY.slice(0, 50)) {
      const ids = [...scene.objects, ...scene.faces, ...scene.decoys].map((item) => item.id);
      expect(ids).toEqual(ids.map((_, i) => i));
    }
  });

  it('covers every shape, colour, size, expression, domain and object count from 2 to 6', () => {
    const seen = (values: Iterable<string | number>): Array<string | number> => [...new Set(values)].sort();
    expect(seen(MANY.flatMap((s) => s.objects.map((o) => o.shape)))).toEqual([...SHAPES].sort());
    expect(seen(MANY.flatMap((s) => s.objects.map((o) => o.colour)))).toEqual([...COLOURS].sort());
    expect(seen(MANY.flatMap((s) => s.objects.map((o) => o.size)))).toEqual([...SIZES].sort());
    expect(seen(MANY.flatMap((s) => s.faces.map((f) => f.expression)))).toEqual([...EXPRESSIONS].sort());
    expect(seen(MANY.map((s) => s.domain))).toEqual([...DOMAINS].sort());
    expect(seen(MANY.map((s) => s.objects.length))).toEqual([2, 3, 4, 5, 6]);
    expect(seen(MANY.map((s) => s.faces.length))).toEqual([0, 1, 2]);
    expect(seen(MANY.map((s) => s.decoys.length))).toEqual([0, 1]);
  });

  it('has no faces or decoys by default and honours exact counts', () => {
    const plain = generateScene(createRng('defaults'), { domain: 'paper' });
    expect([plain.width, plain.height, plain.faces.length, plain.decoys.length]).toEqual([128, 128, 0, 0]);
    const crowded = generateScene(createRng('crowded'), {
      domain: 'dusk',
      objects: { min: 6, max: 6 },
      faces: { min: 3, max: 3 },
      decoys: { min: 2, max: 2 },
    });
    expect([crowded.objects.length, crowded.faces.length, crowded.decoys.length]).toEqual([6, 3, 2]);
  });

  it('scales sizes with the image', () => {
    const big = generateScene(createRng('big'), { domain: 'studio', width: 256, height: 256, objects: { min: 4, max: 4 } });
    for (const o of big.objects) {
      const [lo, hi] = SIZE_WIDTHS[o.size];
      expect(o.box.x2 - o.box.x1).toBeGreaterThanOrEqual(2 * lo - 2);
      expect(o.box.x2 - o.box.x1).toBeLessThanOrEqual(2 * hi + 2);
    }
  });

  it('rejects bad options and impossible crowds with an INVALID_OPTIONS world error', () => {
    const attempts = [
      () => generateScene(createRng('x'), { domain: 'moon' as never }),
      () => generateScene(createRng('x'), { domain: 'studio', width: 12 }),
      () => generateScene(createRng('x'), { domain: 'studio', objects: { min: 5, max: 3 } }),
      () => generateScene(createRng('x'), { domain: 'studio', width: 32, height: 32, objects: { min: 16, max: 16 } }),
    ];
    for (const attempt of attempts) {
      let error: unknown;
      try {
        attempt();
      } catch (e) {
        error = e;
      }
      expect(isWorldError(error)).toBe(true);
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'INVALID_OPTIONS' });
    }
  });
});
