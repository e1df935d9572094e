import { join } from 'node:path';

/** Directory of the tiny ONNX fixtures (see `fixtures/make_fixtures.py`). */
export const FIXTURES_DIR = join(__dirname, 'fixtures');

/** Absolute path of one fixture file. */
export function fixturePath(file: 'tiny-mlp.onnx' | 'text-scorer.onnx' | 'heavy.onnx' | 'tiny-mlp.expected.json'): string {
  return join(FIXTURES_DIR, file);
}
