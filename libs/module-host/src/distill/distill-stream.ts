import type { TrainingExample } from '@vprog/distill';
import { cancelled, invalidArgument, resourceExhausted } from '@vprog/grpc-kit';
import { isModelError, type PreparedInput, type TrainingView } from '@vprog/models';
import type { model } from '@vprog/proto-ts';
import type { Violations } from '../edge/violations';
import { extractFeatures, type FeatureSource } from './backbone-features';
import { decodeDistillExample, type DecodedExample, type ExampleContext } from './distill-example';

/** The most violations one failed call lists (a stream of 20 000 bad examples stays readable). */
const MAX_VIOLATIONS = 50;

/** The training examples of a Distill stream with their counts. */
export interface ReadExamples {
  readonly examples: TrainingExample[];
  readonly targets: number;
  readonly anchors: number;
}

/** What reading the examples needs. */
export interface ExampleReader {
  readonly context: ExampleContext;
  readonly view: TrainingView;
  readonly features: FeatureSource;
  readonly maxExamples: number;
}

/**
 * Reads the examples that follow the options message. Each one is decoded with the module's edge
 * codec, preprocessed like the predictor does, and its target encoded into head space; every
 * `features.batchSize` valid examples have their backbone features computed while the stream
 * goes on (so a large stream never holds all its images at once). After the first bad example
 * no more backbone runs happen, but the rest is still checked, so the client learns about every
 * bad example in one answer.
 * @throws VprogError INVALID_ARGUMENT with field violations `examples[i].…` (nothing is trained);
 *   RESOURCE_EXHAUSTED / TOO_MANY_EXAMPLES past `maxExamples`; CANCELLED when the call is.
 */
export async function readExamples(messages: AsyncIterator<model.DistillRequest>, reader: ExampleReader, violations: Violations, signal: AbortSignal): Promise<ReadExamples> {
  const examples: TrainingExample[] = [];
  let pending: Array<{ input: PreparedInput; example: DecodedExample; target?: TrainingExample['target'] }> = [];
  const flush = async () => {
    if (violations.list.length > 0 || pending.length === 0) return;
    const feeds = await extractFeatures(reader.features, pending.map((p) => p.input));
    pending.forEach((p, i) => {
      const f = feeds[i];
      examples.push({
        feeds: f.feeds,
        ...(f.sharedKey !== undefined ? { sharedKey: f.sharedKey } : {}),
        ...(p.target !== undefined ? { target: p.target } : {}),
        weight: p.example.weight,
        kind: p.example.kind,
      });
    });
    pending = [];
  };
  let index = 0;
  for (let next = await messages.next(); next.done !== true; next = await messages.next(), index += 1) {
    if (signal.aborted) throw cancelled('distillation cancelled while reading examples', { reason: 'CANCELLED' });
    if (index >= reader.maxExamples) {
      throw resourceExhausted(`a Distill call may send at most ${reader.maxExamples} examples`, { reason: 'TOO_MANY_EXAMPLES', metadata: { limit: String(reader.maxExamples) } });
    }
    if (violations.list.length >= MAX_VIOLATIONS) continue;
    const payload = next.value.payload;
    if (payload?.$case !== 'example') {
      violations.add(`examples[${index}]`, 'every message after the first must hold an example (options come once, first)');
      continue;
    }
    const decoded = decodeDistillExample(payload.value, index, reader.context, violations);
    if (decoded === undefined) continue;
    const prepared = prepareExample(reader.view, decoded, index, violations);
    if (prepared === undefined) continue;
    pending.push(prepared);
    if (pending.length >= reader.features.batchSize) await flush();
  }
  if (signal.aborted) throw cancelled('distillation cancelled while reading examples', { reason: 'CANCELLED' });
  if (index === 0) violations.add('examples', 'at least one example must follow the options');
  violations.throwIfAny('invalid Distill examples');
  await flush();
  const targets = examples.filter((e) => e.kind === 'target').length;
  if (examples.length === 0) throw invalidArgument('no examples to train on', [{ field: 'examples', description: 'at least one example is required' }]);
  return { examples, targets, anchors: examples.length - targets };
}

function prepareExample(view: TrainingView, example: DecodedExample, index: number, violations: Violations) {
  const at = `examples[${index}]`;
  let input: PreparedInput;
  try {
    input = view.prepare(example.request);
  } catch (error) {
    if (!isModelError(error) || error.reason !== 'INVALID_INPUT') throw error;
    violations.add(`${at}.input`, error.message);
    return undefined;
  }
  if (example.target === undefined) return { input, example };
  try {
    return { input, example, target: view.encodeTarget(input, example.request, example.target) };
  } catch (error) {
    if (!isModelError(error) || error.reason !== 'INVALID_INPUT') throw error;
    violations.add(`${at}.${error.metadata.field ?? 'target'}`, error.metadata.description ?? error.message);
    return undefined;
  }
}
