import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { modelError } from '../errors';
import { manifestProblems } from './manifest-rules';
import { manifestSchema, type Manifest } from './manifest-schema';

/** A manifest together with where it lives and the absolute paths of its files. */
export interface LoadedManifest {
  /** The version folder. */
  readonly dir: string;
  readonly manifest: Manifest;
  /** Absolute file paths and hashes by graph name; shaped like `@vprog/onnx-runtime`'s ModelSpec graphs. */
  readonly files: Readonly<Record<string, { readonly path: string; readonly sha256?: string }>>;
}

/**
 * Parses JSON that may contain the bare `NaN`/`Infinity` tokens Python's json module writes for
 * metrics it could not compute; they become `null` (outside strings only).
 */
function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(text.replace(/("(?:[^"\\]|\\.)*")|-?\b(?:NaN|Infinity)\b/g, (match, quoted?: string) => quoted ?? 'null'));
  }
}

/**
 * Validates a parsed manifest against the schema and the cross-field rules.
 * @throws ModelError MANIFEST_INVALID listing every problem, with `source` in the message.
 */
export function parseManifest(json: unknown, source: string): Manifest {
  const result = manifestSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw modelError('MANIFEST_INVALID', `invalid manifest ${source}: ${issues.join('; ')}`, { file: source });
  }
  const problems = manifestProblems(result.data);
  if (problems.length > 0) {
    throw modelError('MANIFEST_INVALID', `invalid manifest ${source}: ${problems.join('; ')}`, { file: source });
  }
  return result.data;
}

/**
 * Reads and validates `<dir>/manifest.json`.
 * @throws ModelError MANIFEST_MISSING (NOT_FOUND) when the file does not exist; MANIFEST_INVALID
 *   (FAILED_PRECONDITION) when it is not JSON or breaks the contract.
 */
export async function loadManifest(dir: string): Promise<LoadedManifest> {
  const root = resolve(dir);
  const file = join(root, 'manifest.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw modelError('MANIFEST_MISSING', `no manifest at ${file}`, { file });
  }
  let json: unknown;
  try {
    json = parseLenientJson(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw modelError('MANIFEST_INVALID', `manifest ${file} is not JSON: ${detail}`, { file });
  }
  const manifest = parseManifest(json, file);
  const files: Record<string, { path: string; sha256?: string }> = {};
  for (const [graph, entry] of Object.entries(manifest.files)) {
    files[graph] = { path: resolve(root, entry.path), ...(entry.sha256 !== undefined ? { sha256: entry.sha256 } : {}) };
  }
  return { dir: root, manifest, files };
}
