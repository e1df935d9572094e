import { assertHash, assertPng, pngSize } from './blob-files';
import { invalidRequest } from './trace-error';
import type { NewRun, RunInput, StoredInput } from './trace-types';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function dimension(name: string, field: string, value: unknown): number {
  if (!Number.isInteger(value) || (value as number) < 1) throw invalidRequest(`input ${name}: ${field} must be a positive integer`, { field: `inputs.${name}.${field}` });
  return value as number;
}

/**
 * Checks a new run before anything is stored.
 * @throws TraceStoreError INVALID_REQUEST naming the first bad field.
 */
export function checkNewRun(run: NewRun): void {
  if (typeof run !== 'object' || run === null) throw invalidRequest('run must be an object');
  if (run.runId !== undefined && (typeof run.runId !== 'string' || run.runId === '' || run.runId.length > 200)) {
    throw invalidRequest('runId must be a non-empty string of at most 200 characters', { field: 'runId' });
  }
  if (typeof run.program !== 'string') throw invalidRequest('program must be a string', { field: 'program' });
  if (run.task !== undefined && typeof run.task !== 'string') throw invalidRequest('task must be a string', { field: 'task' });
  if (run.question !== undefined && typeof run.question !== 'string') throw invalidRequest('question must be a string', { field: 'question' });
  if (typeof run.inputs !== 'object' || run.inputs === null || Object.keys(run.inputs).length === 0) {
    throw invalidRequest('a run needs at least one input image', { field: 'inputs' });
  }
  for (const name of Object.keys(run.inputs)) {
    if (!NAME.test(name)) throw invalidRequest(`input name '${name}' is not a program variable name`, { field: `inputs.${name}` });
  }
  for (const [module, ref] of Object.entries(run.models ?? {})) {
    if (typeof ref?.name !== 'string' || typeof ref?.version !== 'string') throw invalidRequest(`models.${module} needs a name and a version`, { field: `models.${module}` });
  }
}

/**
 * The size of an input: from the PNG header for bytes (checked against the given size, if any),
 * as given for a stored blob.
 * @throws TraceStoreError INVALID_REQUEST for non-PNG bytes, a bad hash, or a size that disagrees with the header.
 */
export function inputSize(name: string, input: RunInput): { width: number; height: number } {
  if ('png' in input) {
    assertPng(input.png);
    const size = pngSize(input.png);
    if (size === undefined) throw invalidRequest(`input ${name}: PNG has no IHDR header`, { field: `inputs.${name}.png` });
    const given = input as { width?: unknown; height?: unknown };
    if ((given.width !== undefined && given.width !== size.width) || (given.height !== undefined && given.height !== size.height)) {
      throw invalidRequest(`input ${name}: size ${String(given.width)}×${String(given.height)} disagrees with the PNG's ${size.width}×${size.height}`, {
        field: `inputs.${name}`,
      });
    }
    return size;
  }
  assertHash(input.hash);
  return { width: dimension(name, 'width', input.width), height: dimension(name, 'height', input.height) };
}

/** The distinct blob hashes of a run's stored inputs. Throws nothing. */
export function inputHashes(inputs: Readonly<Record<string, StoredInput>>): string[] {
  return [...new Set(Object.values(inputs).map((input) => input.hash))];
}
