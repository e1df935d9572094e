import { encodePng } from '../image';
import { generateModuleSamples, renderModuleImage, type ModuleSampleOptions } from '../modules/generate-module-samples';
import type { ModuleItem, ModuleName } from '../modules/module-items';
import { ANSWERS, WORDS } from '../modules/vocab';
import { jsonLines, type DatasetFile } from './dataset-file';

/**
 * The files of a module dataset: `images/NNNNNN.png` (one per image, rendered lazily as the
 * generator advances), then `items.jsonl` and `vocab.json`. Throws like `generateModuleSamples`.
 */
export function* moduleDatasetFiles(module: ModuleName, options: ModuleSampleOptions): Generator<DatasetFile> {
  const items: ModuleItem[] = [];
  for (const sample of generateModuleSamples(module, options)) {
    yield { path: sample.image, data: encodePng(renderModuleImage(sample)) };
    items.push(...sample.items);
  }
  yield { path: 'items.jsonl', data: jsonLines(items) };
  yield { path: 'vocab.json', data: Buffer.from(`${JSON.stringify({ words: WORDS, answers: ANSWERS }, null, 2)}\n`, 'utf8') };
}
