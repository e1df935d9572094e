import type { RawImage } from '../image/raw-image';
import type { Rng } from '../random';

/**
 * Whole-image effects: Gaussian pixel noise and colour casts. These run over every pixel, so
 * they use typed arrays, integer arithmetic and a precomputed noise table.
 */

const TABLE_BITS = 12;
const TABLE_SIZE = 1 << TABLE_BITS;
const TABLE_MASK = TABLE_SIZE - 1;

/**
 * Standard normal samples × 256, rounded: N(0, 1) from sorted Irwin–Hall sums of a fixed stream,
 * so the table is identical everywhere and symmetric enough for pixel noise.
 */
const GAUSS_256: Int16Array = buildGaussTable();

function buildGaussTable(): Int16Array {
  // A tiny xorshift32 of its own keeps this table independent of the world's seeds.
  let s = 0x9e3779b9 | 0;
  const uniform = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const table = new Int16Array(TABLE_SIZE);
  for (let i = 0; i < TABLE_SIZE; i++) {
    let sum = 0;
    for (let k = 0; k < 12; k++) sum += uniform();
    table[i] = Math.round((sum - 6) * 256);
  }
  return table;
}

/**
 * Adds independent Gaussian noise of standard deviation `sigma` (0..255 scale) to every channel
 * of every pixel, clamped to 0..255. Never throws.
 */
export function addGaussianNoise(img: RawImage, sigma: number, rng: Rng): void {
  const data = img.data;
  // Integer writes through a clamped view clamp to 0..255 without branches.
  const out = new Uint8ClampedArray(data.buffer, data.byteOffset, data.length);
  const k = Math.round(sigma * 256);
  const n = data.length;
  // An inlined sfc32 seeded from `rng`: one closure call per pixel pair would dominate the loop.
  let a = (rng.next() * 4294967296) | 0;
  let b = (rng.next() * 4294967296) | 0;
  let c = (rng.next() * 4294967296) | 0;
  let d = 1;
  for (let i = 0; i < n; i += 2) {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    out[i] = data[i] + ((GAUSS_256[t & TABLE_MASK] * k + 32768) >> 16);
    if (i + 1 < n) out[i + 1] = data[i + 1] + ((GAUSS_256[(t >>> TABLE_BITS) & TABLE_MASK] * k + 32768) >> 16);
  }
}

/**
 * Multiplies each channel by its gain (e.g. dusk's warm, dark cast), clamped to 0..255.
 * Never throws.
 */
export function applyChannelGains(img: RawImage, gains: readonly [number, number, number]): void {
  const lut = new Uint8Array(768);
  for (let c = 0; c < 3; c++) {
    for (let v = 0; v < 256; v++) {
      const x = Math.round(v * gains[c]);
      lut[c * 256 + v] = x > 255 ? 255 : x;
    }
  }
  const data = img.data;
  for (let i = 0; i < data.length; i += 3) {
    data[i] = lut[data[i]];
    data[i + 1] = lut[256 + data[i + 1]];
    data[i + 2] = lut[512 + data[i + 2]];
  }
}
