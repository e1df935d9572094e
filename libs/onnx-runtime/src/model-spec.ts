import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { runtimeError } from './errors';

/** One ONNX file of a model, with the sha256 the manifest promises (when it gives one). */
export interface GraphFile {
  readonly path: string;
  readonly sha256?: string;
}

/**
 * What to load: a model name (for logs and errors) and its graphs by role, e.g.
 * `{ backbone, head }` for a head-split student or `{ model }` for a teacher.
 */
export interface ModelSpec {
  readonly name: string;
  readonly graphs: Readonly<Record<string, GraphFile>>;
}

/**
 * Checks every file of a model before any worker starts: it must exist and, when the spec carries
 * a sha256, hash to it. Reading ≤ 8 MB files once at load time is cheap.
 * @throws RuntimeError MODEL_FILE_MISSING (NOT_FOUND) naming the file, or MODEL_FILE_CORRUPT
 *   (FAILED_PRECONDITION) on a checksum mismatch.
 */
export async function verifyModelFiles(spec: ModelSpec): Promise<void> {
  for (const [graph, file] of Object.entries(spec.graphs)) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file.path);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw runtimeError('MODEL_FILE_MISSING', `model ${spec.name}: ${graph} file ${file.path} is missing (${detail})`, {
        file: file.path,
        model: spec.name,
        graph,
      });
    }
    if (file.sha256 === undefined) continue;
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== file.sha256.toLowerCase()) {
      throw runtimeError(
        'MODEL_FILE_CORRUPT',
        `model ${spec.name}: ${graph} file ${file.path} has sha256 ${actual}, the manifest expects ${file.sha256}`,
        { file: file.path, model: spec.name, graph, expectedSha256: file.sha256, actualSha256: actual },
      );
    }
  }
}
