import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { failedPrecondition } from '@vprog/grpc-kit';
import { compareGolden, type GraphRunner, type Manifest } from '@vprog/models';
import { decodePng } from '@vprog/world';

/** The default largest absolute difference allowed between a golden output and the runtime's. */
export const DEFAULT_GOLDEN_TOLERANCE = 1e-3;

/** What {@link runGoldenCheck} needs. */
export interface GoldenCheckInput {
  /** `module/role@version`, for messages. */
  readonly label: string;
  readonly manifest: Manifest;
  /**
   * Folders to look for the golden input images in, first match wins: the version's own folder,
   * then its parent's and so on. A distilled version shares its parent's golden inputs (its
   * expected outputs are its own), so it need not copy the images.
   */
  readonly imageDirs: readonly string[];
  readonly runner: GraphRunner;
  /** Largest absolute difference allowed; default {@link DEFAULT_GOLDEN_TOLERANCE}. */
  readonly tolerance?: number;
}

/** The outcome of a passed check: the cases run and the worst difference seen. */
export interface GoldenReport {
  readonly cases: number;
  readonly maxAbsDiff: number;
}

/**
 * Runs every golden case of a version's manifest through the freshly loaded workers and the same
 * preprocessing as live requests, and compares each output with what PyTorch computed at export.
 * This is the gate a version passes before it may take traffic: a damaged or mismatched file, a
 * manifest that does not describe its graphs, or a runtime that computes something else are all
 * caught before any client sees them.
 *
 * @throws VprogError FAILED_PRECONDITION / GOLDEN_CHECK_FAILED when an output differs by more than
 *   the tolerance or has another shape; GOLDEN_MISSING when the manifest has no golden cases or an
 *   input image cannot be found.
 */
export async function runGoldenCheck(input: GoldenCheckInput): Promise<GoldenReport> {
  const { label, manifest, runner } = input;
  const tolerance = input.tolerance ?? DEFAULT_GOLDEN_TOLERANCE;
  if (manifest.golden.length === 0) {
    throw failedPrecondition(`${label} has no golden cases in its manifest, so it cannot be checked`, { reason: 'GOLDEN_MISSING', metadata: { model: label } });
  }
  let worst = 0;
  for (const [index, golden] of manifest.golden.entries()) {
    const image = decodePng(await readGoldenImage(label, golden.inputs.image, input.imageDirs));
    let comparisons;
    try {
      comparisons = await compareGolden(manifest, golden, image, runner);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw failedPrecondition(`${label} failed its golden check: case ${index} could not run: ${detail}`, {
        reason: 'GOLDEN_CHECK_FAILED',
        metadata: { model: label, case: String(index) },
        cause: error,
      });
    }
    for (const c of comparisons) {
      if (!c.shapeMatches || !(c.maxAbsDiff <= tolerance)) {
        const how = c.shapeMatches ? `differs by ${c.maxAbsDiff.toPrecision(3)} (tolerance ${tolerance})` : 'has the wrong shape';
        throw failedPrecondition(`${label} failed its golden check: output ${c.output} of case ${index} ${how}`, {
          reason: 'GOLDEN_CHECK_FAILED',
          metadata: { model: label, case: String(index), output: c.output, maxAbsDiff: String(c.maxAbsDiff) },
        });
      }
      worst = Math.max(worst, c.maxAbsDiff);
    }
  }
  return { cases: manifest.golden.length, maxAbsDiff: worst };
}

/**
 * The bytes of a golden input image, from the first of `dirs` that holds it (a version's folder,
 * then its ancestors'), for the check and for whoever recomputes a new version's goldens.
 * @throws VprogError FAILED_PRECONDITION / GOLDEN_MISSING when the path leaves the version folder
 *   or no folder holds the image.
 */
export async function readGoldenImage(label: string, relativePath: string, dirs: readonly string[]): Promise<Buffer> {
  if (relativePath.split(/[\\/]/).some((part) => part === '..') || relativePath.startsWith('/')) {
    throw failedPrecondition(`${label}: golden image path ${relativePath} leaves the version folder`, { reason: 'GOLDEN_MISSING' });
  }
  for (const dir of dirs) {
    try {
      return await readFile(join(dir, relativePath));
    } catch {
      // not in this folder: try the parent's
    }
  }
  throw failedPrecondition(`${label}: golden image ${relativePath} not found in the version or its ancestors`, {
    reason: 'GOLDEN_MISSING',
    metadata: { model: label, image: relativePath },
  });
}
