import { createHash } from 'crypto';
import { encodePng, type RawImage } from '../image/raw-image';
import { createRng } from '../random';
import type { Scene } from '../scene';
import { generateScene } from '../scene-gen/generate-scene';
import { COLOURS, DOMAINS, type Colour, type Domain } from '../vocabulary';
import { COLOUR_RGB, FEATURE_RGB } from './palette';
import { renderScene } from './render-scene';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function draw(domain: Domain, seed: string | number, extra: { faces?: number; decoys?: number } = {}): { scene: Scene; img: RawImage } {
  const rng = createRng('render-spec', domain, seed);
  const scene = generateScene(rng, {
    domain,
    faces: { min: extra.faces ?? 0, max: extra.faces ?? 0 },
    decoys: { min: extra.decoys ?? 0, max: extra.decoys ?? 0 },
  });
  return { scene, img: renderScene(scene, rng) };
}

function pixel(img: RawImage, x: number, y: number): [number, number, number] {
  const o = (Math.floor(y) * img.width + Math.floor(x)) * 3;
  return [img.data[o], img.data[o + 1], img.data[o + 2]];
}

function nearestColour(rgb: readonly number[]): Colour {
  let best: Colour = COLOURS[0];
  let bestDistance = Infinity;
  for (const colour of COLOURS) {
    const c = COLOUR_RGB[colour];
    const d = (c[0] - rgb[0]) ** 2 + (c[1] - rgb[1]) ** 2 + (c[2] - rgb[2]) ** 2;
    if (d < bestDistance) [best, bestDistance] = [colour, d];
  }
  return best;
}

/** Where a solid shape is surely filled: the box centre, or the centroid for the triangle and star. */
function solidPoint(o: Scene['objects'][number]): [number, number] {
  const cx = (o.box.x1 + o.box.x2) / 2;
  const h = o.box.y2 - o.box.y1;
  const fy = o.shape === 'triangle' ? 2 / 3 : o.shape === 'star' ? 0.55 : 0.5;
  return [cx, o.box.y1 + fy * h];
}

function channelMeans(img: RawImage): [number, number, number] {
  const sums = [0, 0, 0];
  for (let i = 0; i < img.data.length; i++) sums[i % 3] += img.data[i];
  const n = img.width * img.height;
  return [sums[0] / n, sums[1] / n, sums[2] / n];
}

// Pinned renderings: if any of these change, every dataset built from the world changes too.
// Update them only on purpose (and say so in the commit).
const GOLDEN: Record<Domain, { pixels: string; png: string }> = {
  studio: {
    pixels: 'f729c6c0854fa3e2969bf06de06f283dcc012eab57b72ed39a0bbffd4010fd11',
    png: 'ee16a3280873c041475d7960ac811a771e87147a5f8957eb739224a41924205b',
  },
  paper: {
    pixels: '86484629a71c458ece8537a7fa46a876794492487e546c7bb30602f4fb0f468b',
    png: '918cc8d56a16be0441c45f16ea5f67f158d357f7b4346f4074427a63bdf2309b',
  },
  noise: {
    pixels: '3140f08ae81e4d122b454850b89c65bcf1f45adf95d9824321a5dd753e6dbb3c',
    png: 'f9b7afbd6c6ba1abc1abdb2feaab468f8259bf3ae199ae62ca409100a8822f14',
  },
  dusk: {
    pixels: '431d877e15bbfdc931a854aa3f716540de0239aa11ca41f5f73623e396f08191',
    png: '1350b9d2c07720eb91b05aae07b7951fb79f5cb217f7c2bd5efed7610f1f4195',
  },
};

describe('renderScene', () => {
  it.each(DOMAINS)('renders a pinned %s scene to the same pixels and PNG bytes as when the golden was taken', (domain) => {
    const { img } = draw(domain, 'golden', { faces: 1, decoys: 1 });
    expect({ pixels: sha256(img.data), png: sha256(encodePng(img)) }).toEqual(GOLDEN[domain]);
  });

  it('gives byte-identical PNGs for the same seed and different ones for another seed', () => {
    for (const domain of DOMAINS) {
      const a = encodePng(draw(domain, 1, { faces: 1 }).img);
      const b = encodePng(draw(domain, 1, { faces: 1 }).img);
      const c = encodePng(draw(domain, 2, { faces: 1 }).img);
      expect(sha256(a)).toBe(sha256(b));
      expect(sha256(c)).not.toBe(sha256(a));
    }
  });

  it('paints every studio object in its own colour at its solid centre', () => {
    const wrong: string[] = [];
    for (let seed = 0; seed < 60; seed++) {
      const { scene, img } = draw('studio', seed);
      for (const o of scene.objects) {
        const [x, y] = solidPoint(o);
        const got = nearestColour(pixel(img, x, y));
        if (got !== o.colour) wrong.push(`seed ${seed}: ${o.colour} ${o.shape} looks ${got}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('draws nothing outside the boxes in studio (the background there stays flat)', () => {
    for (let seed = 0; seed < 10; seed++) {
      const { scene, img } = draw('studio', seed, { faces: 1, decoys: 1 });
      const inside = new Uint8Array(img.width * img.height);
      for (const { box } of [...scene.objects, ...scene.faces, ...scene.decoys]) {
        for (let y = box.y1; y < box.y2; y++) inside.fill(1, y * img.width + box.x1, y * img.width + box.x2);
      }
      const background = pixel(img, 0, 0);
      let stray = 0;
      let boxed = 0;
      for (let i = 0; i < inside.length; i++) {
        const o = i * 3;
        const same = img.data[o] === background[0] && img.data[o + 1] === background[1] && img.data[o + 2] === background[2];
        if (inside[i] === 0 && !same) stray++;
        if (inside[i] === 1 && !same) boxed++;
      }
      expect(stray).toBe(0);
      expect(boxed).toBeGreaterThan(100);
    }
  });

  it('gives faces dark features and leaves decoys plain', () => {
    const isFeature = (p: readonly number[]): boolean =>
      Math.abs(p[0] - FEATURE_RGB[0]) + Math.abs(p[1] - FEATURE_RGB[1]) + Math.abs(p[2] - FEATURE_RGB[2]) < 30;
    const featurePixels = (img: RawImage, box: Scene['faces'][number]['box']): number => {
      let n = 0;
      for (let y = box.y1; y < box.y2; y++) for (let x = box.x1; x < box.x2; x++) if (isFeature(pixel(img, x, y))) n++;
      return n;
    };
    for (let seed = 0; seed < 10; seed++) {
      const { scene, img } = draw('studio', seed, { faces: 2, decoys: 2 });
      for (const face of scene.faces) expect(featurePixels(img, face.box)).toBeGreaterThan(8);
      for (const decoy of scene.decoys) expect(featurePixels(img, decoy.box)).toBe(0);
    }
  });

  it('makes dusk darker than studio and shifts it towards red', () => {
    let studioLuma = 0;
    let duskLuma = 0;
    let studioRedBlue = 0;
    let duskRedBlue = 0;
    const n = 12;
    for (let seed = 0; seed < n; seed++) {
      const [sr, sg, sb] = channelMeans(draw('studio', seed).img);
      const [dr, dg, db] = channelMeans(draw('dusk', seed).img);
      studioLuma += (0.299 * sr + 0.587 * sg + 0.114 * sb) / n;
      duskLuma += (0.299 * dr + 0.587 * dg + 0.114 * db) / n;
      studioRedBlue += sr / sb / n;
      duskRedBlue += dr / db / n;
    }
    expect(duskLuma).toBeLessThan(studioLuma * 0.6);
    expect(duskRedBlue).toBeGreaterThan(studioRedBlue * 2);
  });

  it('gives every domain its own look (mean colour and pixel noise differ)', () => {
    const roughness = (img: RawImage): number => {
      let sum = 0;
      for (let i = 3; i < img.data.length; i++) sum += Math.abs(img.data[i] - img.data[i - 3]);
      return sum / img.data.length;
    };
    const looks = DOMAINS.map((domain) => {
      const { img } = draw(domain, 'look');
      return { domain, mean: channelMeans(img).map(Math.round).join(','), rough: roughness(img) };
    });
    expect(new Set(looks.map((l) => l.mean)).size).toBe(DOMAINS.length);
    const rough = Object.fromEntries(looks.map((l) => [l.domain, l.rough]));
    expect(rough.studio).toBeLessThan(rough.paper);
    expect(rough.paper).toBeLessThan(rough.noise);
    expect(rough.studio).toBeLessThan(rough.dusk);
  });

  it('renders larger scenes and keeps the image size of the scene', () => {
    const rng = createRng('render-spec', 'large');
    const scene = generateScene(rng, { domain: 'noise', width: 200, height: 150, faces: { min: 1, max: 1 } });
    const img = renderScene(scene, rng);
    expect([img.width, img.height, img.data.length]).toEqual([200, 150, 200 * 150 * 3]);
  });
});
