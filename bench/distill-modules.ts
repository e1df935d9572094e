/**
 * Does head distillation move a module? For one module, the teacher labels dusk training samples,
 * the student's head trains on them (in process, the trainer the services run) with optional
 * anchors from the other domains, and the parent and the candidate are measured side by side on
 * fresh test samples of dusk and of a general domain, with the zoo's metrics. It prints the
 * numbers and the training time, so the distillation defaults can be chosen on evidence.
 *
 *   npx tsx bench/distill-modules.ts --module facedet [--train 200] [--anchors 200] [--epochs 20]
 *                                    [--lr 0.003] [--mode lora|full] [--rank 4] [--batch 16]
 *                                    [--lambda 1] [--test 200] [--student DIR]
 *
 * `--student` measures another build of the student (a version directory) against the committed teacher.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runHead, trainHead, type FloatTensor, type TrainingExample } from '@vprog/distill';
import {
  CATEGORY_GROUPS,
  createAccumulator,
  createPredictor,
  createTrainingView,
  loadManifest,
  matchDetections,
  rectFromTuple,
  type GraphRunner,
  type LoadedManifest,
  type ModulePredictor,
  type ModuleRequest,
  type PreparedInput,
  type TensorMap,
} from '@vprog/models';
import { loadModel, type LoadedModel } from '@vprog/onnx-runtime';
import { ANSWERS, generateModuleSamples, renderModuleImage, type Domain, type ModuleItem, type ModuleName } from '@vprog/world';

type ModuleTarget = Parameters<ReturnType<typeof createTrainingView>['encodeTarget']>[2];
const ROOT = resolve(__dirname, '..');

async function load(
  module: ModuleName,
  role: 'student' | 'teacher',
  dir = join(ROOT, 'models', module, role, 'v1'),
): Promise<{ loaded: LoadedManifest; model: LoadedModel; runner: GraphRunner }> {
  const loaded = await loadManifest(dir);
  const model = await loadModel({ name: loaded.manifest.name, graphs: loaded.files }, { poolSize: 1, intraOpNumThreads: 1 });
  return { loaded, model, runner: (graph, feeds) => model.run(graph, feeds) };
}

/** The teacher's confident boxes, as the coordinator keeps them (score ≥ 0.5). */
const confident = <B extends { score: number }>(boxes: readonly B[]): B[] => boxes.filter((b) => b.score >= 0.5);

/** A module item as the module request the programs send, with the teacher's label of it. */
async function label(module: ModuleName, teacher: ModulePredictor, image: ReturnType<typeof renderModuleImage>, item: ModuleItem): Promise<{ request: ModuleRequest; target: ModuleTarget } | undefined> {
  if (module === 'loc' && 'phrase' in item) {
    if (teacher.module !== 'loc' || !teacher.canLocate(item.phrase)) return undefined;
    const request = { image, view: rectFromTuple(item.view), phrase: item.phrase };
    return { request, target: { kind: 'boxes', boxes: confident((await teacher.locateMany([request]))[0]) } };
  }
  if (module === 'facedet' && 'view' in item && !('phrase' in item) && !('question' in item)) {
    if (teacher.module !== 'facedet') return undefined;
    const request = { image, view: rectFromTuple(item.view) };
    return { request, target: { kind: 'boxes', boxes: confident((await teacher.detectFacesMany([request]))[0]) } };
  }
  if (module === 'classify' && 'kind' in item) {
    if (teacher.module !== 'classify' || item.kind !== 'face') return undefined;
    const categories = CATEGORY_GROUPS.expression;
    const request = { image, boxes: [rectFromTuple(item.box)], categories };
    const [scores] = (await teacher.classifyMany([request]))[0].map((c) => c.scores);
    return { request, target: { kind: 'categories', distributions: [categories.map((c, i) => ({ label: c, score: scores[i] }))] } };
  }
  if (module === 'vqa' && 'question' in item) {
    if (teacher.module !== 'vqa' || !teacher.canAnswer(item.question)) return undefined;
    const request = { image, view: rectFromTuple(item.view), question: item.question };
    const answer = (await teacher.answerMany([request]))[0];
    return { request, target: { kind: 'answers', answers: ANSWERS.map((a, i) => ({ label: a, score: answer.distribution[i] })) } };
  }
  return undefined;
}

/** Plain module requests for anchors (no label needed). */
function anchorRequest(module: ModuleName, image: ReturnType<typeof renderModuleImage>, item: ModuleItem): ModuleRequest | undefined {
  if (module === 'loc' && 'phrase' in item) return { image, view: rectFromTuple(item.view), phrase: item.phrase };
  if (module === 'facedet' && 'view' in item && !('phrase' in item) && !('question' in item)) return { image, view: rectFromTuple(item.view) };
  if (module === 'classify' && 'kind' in item) {
    const group = item.kind === 'face' ? 'expression' : 'shape';
    return { image, boxes: [rectFromTuple(item.box)], categories: CATEGORY_GROUPS[group] };
  }
  if (module === 'vqa' && 'question' in item) return { image, view: rectFromTuple(item.view), question: item.question };
  return undefined;
}

async function features(view: ReturnType<typeof createTrainingView>, runner: GraphRunner, requests: readonly ModuleRequest[]) {
  const prepared = requests.map((r) => view.prepare(r));
  const out: Array<{ input: PreparedInput; feeds: Record<string, FloatTensor> }> = [];
  for (let i = 0; i < prepared.length; i += 1) {
    const inputs = [prepared[i]];
    const backbone = await runner('backbone', view.backboneFeeds(inputs));
    const [split] = view.splitFeatures(backbone, inputs);
    out.push({ input: prepared[i], feeds: Object.fromEntries(Object.entries(split.feeds).map(([k, t]) => [k, { dims: [...t.dims], data: Float32Array.from(t.data as Float32Array) }])) });
  }
  return out;
}

async function measure(module: ModuleName, predictor: ModulePredictor, domain: Domain, count: number): Promise<string> {
  const accumulator = createAccumulator(predictor);
  const samples = [...generateModuleSamples(module, { split: 'test', seed: 4242, count, domains: { [domain]: 1 } })];
  for (let i = 0; i < samples.length; i += 16) {
    await accumulator.add(samples.slice(i, i + 16).map((s) => ({ image: renderModuleImage(s), items: s.items })));
  }
  return accumulator.results().map((m) => `${m.metric} ${m.value.toFixed(3)}`).join(', ');
}

/**
 * A detector at its operating point (the manifest's threshold, what programs see): precision,
 * recall and F1 of its boxes against the truth at IoU 0.5. Empty for the other modules.
 */
async function operatingPoint(module: ModuleName, predictor: ModulePredictor, domain: Domain, count: number): Promise<string> {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const s of generateModuleSamples(module, { split: 'test', seed: 4242, count, domains: { [domain]: 1 } })) {
    const image = renderModuleImage(s);
    for (const item of s.items) {
      if (!('boxes' in item)) continue;
      const view = rectFromTuple(item.view);
      let found;
      if (predictor.module === 'facedet' && !('phrase' in item)) [found] = await predictor.detectFacesMany([{ image, view }]);
      else if (predictor.module === 'loc' && 'phrase' in item && predictor.canLocate(item.phrase)) [found] = await predictor.locateMany([{ image, view, phrase: item.phrase }]);
      else continue;
      const hits = matchDetections(found, item.boxes.map(rectFromTuple)).filter((h) => h.hit).length;
      tp += hits;
      fp += found.length - hits;
      fn += item.boxes.length - hits;
    }
  }
  if (tp + fp + fn === 0) return '';
  return `; at the operating point P ${(tp / Math.max(1, tp + fp)).toFixed(3)} R ${(tp / Math.max(1, tp + fn)).toFixed(3)} F1 ${((2 * tp) / (2 * tp + fp + fn)).toFixed(3)}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      module: { type: 'string', default: 'facedet' },
      train: { type: 'string', default: '200' },
      anchors: { type: 'string', default: '0' },
      epochs: { type: 'string', default: '20' },
      lr: { type: 'string', default: '0.003' },
      mode: { type: 'string', default: 'lora' },
      rank: { type: 'string', default: '4' },
      batch: { type: 'string', default: '16' },
      lambda: { type: 'string', default: '1' },
      test: { type: 'string', default: '200' },
      student: { type: 'string' },
    },
  });
  const module = values.module as ModuleName;
  const student = await load(module, 'student', values.student === undefined ? undefined : resolve(values.student));
  const teacher = await load(module, 'teacher');
  const teacherPredictor = createPredictor(teacher.loaded, teacher.runner, { answerVocabulary: ANSWERS });
  const view = createTrainingView(student.loaded.manifest);
  const t0 = performance.now();
  const labelled: Array<{ request: ModuleRequest; target: ModuleTarget }> = [];
  for (const s of generateModuleSamples(module, { split: 'train', seed: 77, count: Number(values.train), domains: { dusk: 1 } })) {
    const image = renderModuleImage(s);
    for (const item of s.items) {
      const l = await label(module, teacherPredictor, image, item);
      if (l !== undefined) labelled.push(l);
    }
  }
  const anchorRequests: ModuleRequest[] = [];
  if (Number(values.anchors) > 0) {
    for (const s of generateModuleSamples(module, { split: 'train', seed: 78, count: Number(values.anchors), domains: { studio: 1, paper: 1, noise: 1 } })) {
      const image = renderModuleImage(s);
      for (const item of s.items) {
        const r = anchorRequest(module, image, item);
        if (r !== undefined) anchorRequests.push(r);
      }
    }
  }
  const targetFeatures = await features(view, student.runner, labelled.map((l) => l.request));
  const anchorFeatures = await features(view, student.runner, anchorRequests);
  const examples: TrainingExample[] = [
    ...targetFeatures.map((f, i) => ({
      feeds: f.feeds,
      sharedKey: f.input.group,
      target: (() => {
        const t = view.encodeTarget(f.input, labelled[i].request, labelled[i].target);
        return { dims: [...t.dims], data: Float32Array.from(t.data as Float32Array) };
      })(),
      weight: 1,
      kind: 'target' as const,
    })),
    ...anchorFeatures.map((f) => ({ feeds: f.feeds, sharedKey: f.input.group, weight: 1, kind: 'anchor' as const })),
  ];
  const t1 = performance.now();
  const head = new Uint8Array(await readFile(student.loaded.files.head.path));
  const trained = await trainHead(head, examples, {
    mode: values.mode as 'lora' | 'full',
    rank: Number(values.rank),
    epochs: Number(values.epochs),
    learningRate: Number(values.lr),
    batchSize: Number(values.batch),
    temperature: 2,
    anchorWeight: Number(values.lambda),
    seed: 1,
    wiseFtAlphas: [],
    loss: view.loss,
    rowInputs: view.rowInputs,
    output: view.output,
  });
  const t2 = performance.now();
  const candidate = trained.candidates[0].head;
  const candidateRunner: GraphRunner = async (graph, feeds: TensorMap) => {
    if (graph !== 'head') return student.runner(graph, feeds);
    const floats = Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, { dims: [...t.dims], data: t.data as Float32Array }]));
    const out = await runHead(candidate, floats);
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, { type: 'float32' as const, dims: [...t.dims], data: t.data }]));
  };
  const parent = createPredictor(student.loaded, student.runner, { answerVocabulary: ANSWERS });
  const distilled = createPredictor(student.loaded, candidateRunner, { answerVocabulary: ANSWERS });
  process.stdout.write(`${module}: ${labelled.length} target + ${anchorRequests.length} anchor examples; labels+features ${((t1 - t0) / 1000).toFixed(1)} s, training ${((t2 - t1) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`loss ${trained.lossCurve[0]?.loss.toFixed(4)} → ${trained.lossCurve.at(-1)?.loss.toFixed(4)}\n`);
  for (const domain of ['dusk', 'studio'] as const) {
    const test = Number(values.test);
    process.stdout.write(`${domain}: teacher ${await measure(module, teacherPredictor, domain, test)}${await operatingPoint(module, teacherPredictor, domain, test)}\n`);
    process.stdout.write(`${domain}: parent  ${await measure(module, parent, domain, test)}${await operatingPoint(module, parent, domain, test)}\n`);
    process.stdout.write(`${domain}: distill ${await measure(module, distilled, domain, test)}${await operatingPoint(module, distilled, domain, test)}\n`);
  }
  await Promise.all([student.model.close(), teacher.model.close()]);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
