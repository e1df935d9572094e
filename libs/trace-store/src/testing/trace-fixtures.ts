import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { executeProgram, parseProgram, type ModuleBackend, type StepRecord } from '@vprog/program';
import { openTraceStore, type TraceStore } from '../trace-store';
import type { TraceStoreOptions } from '../store-options';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A small RGB PNG whose pixels depend on `seed`, so different seeds give different blobs. Encoded
 * here (no filters, fast deflate) because a general encoder is needlessly slow for test fixtures.
 */
export function pngOf(seed: number, width = 16, height = 12): Buffer {
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width * 3; x += 1) rows[y * (width * 3 + 1) + 1 + x] = (seed * 37 + x * 5 + y * 3) % 256;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter method variants, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A fresh folder under the OS temp dir, and a function that removes it. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'vprog-trace-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A store in `dir` (database `traces/trace.db`, blobs `blobs/`), with extra options. */
export function storeIn(dir: string, options: Partial<TraceStoreOptions> = {}): TraceStore {
  return openTraceStore({ path: join(dir, 'traces', 'trace.db'), blobDir: join(dir, 'blobs'), ...options });
}

/** A clock tests move by hand. */
export function manualClock(start = 1_700_000_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

/** Every module op, a CROP, a LOC region word (no call) and a CLASSIFY of no boxes (no call). */
export const SAMPLE_PROGRAM = [
  "BOX0=LOC(image=IMAGE,object='red star')",
  'IMAGE0=CROP_LEFTOF(image=IMAGE,box=BOX0)',
  "BOX1=LOC(image=IMAGE0,object='LEFT')",
  'FACES=FACEDET(image=IMAGE)',
  "MOODS=CLASSIFY(image=IMAGE,object=FACES,categories=['smiling','frowning'])",
  'NOFACES=FACEDET(image=IMAGE0)',
  "NOMOODS=CLASSIFY(image=IMAGE0,object=NOFACES,categories=['smiling'])",
  "ANSWER0=VQA(image=IMAGE0,question='What colour is the circle?')",
  'ANSWER1=COUNT(box=BOX0)',
  'FINAL=RESULT(var=ANSWER0)',
].join('\n');

/** A backend with fixed answers: one star at (60..80, 40..60), two faces right of x = 60. */
export const sampleBackend: ModuleBackend = {
  async locate() {
    return [{ x1: 60, y1: 40, x2: 80, y2: 60, score: 0.9 }];
  },
  async detectFaces(image) {
    if (image.rect.x2 <= 70) return [];
    return [
      { x1: 70, y1: 5, x2: 90, y2: 25, score: 0.8 },
      { x1: 75, y1: 70, x2: 95, y2: 90, score: 0.7 },
    ];
  },
  async classify(_image, boxes, categories) {
    return boxes.map((_, i) => ({ label: categories[i % categories.length], scores: categories.map(() => 0.5) }));
  },
  async answer() {
    return { answer: 'blue', score: 0.9 };
  },
};

/** The executor's records of {@link SAMPLE_PROGRAM} on a 100×100 `IMAGE`. */
export async function sampleSteps(): Promise<readonly StepRecord[]> {
  const image = { kind: 'image' as const, root: 'IMAGE', rect: { x1: 0, y1: 0, x2: 100, y2: 100 } };
  const run = await executeProgram(parseProgram(SAMPLE_PROGRAM), { IMAGE: image }, sampleBackend);
  return run.steps;
}
