import { failedPrecondition, internal, type CallOptions as ClientCallOptions } from '@vprog/grpc-kit';
import type { CallOptions, Detection, ImageValue, ModuleBackend, ModuleCallReport, SoftOutput } from '@vprog/program';
import { MODEL_VERSION_METADATA_KEY, type common } from '@vprog/proto-ts';
import { setSpanAttributes, VPROG_ATTRIBUTES } from '@vprog/telemetry';
import type { RawImage } from '@vprog/world';
import type { ModuleName } from './config';
import type { ModuleClients } from './module-clients';
import type { ModuleRoute, RoutePlan } from './module-routes';
import { toCropBox, toRootDetection, viewPixels } from './view-pixels';

/** What the gRPC backend of one run needs. */
export interface GrpcBackendOptions {
  /** The run's decoded input images, by variable name. */
  readonly images: ReadonlyMap<string, RawImage>;
  readonly routes: RoutePlan;
  readonly clients: ModuleClients;
  /** The run's deadline: every module call (retries included) must end by then. */
  readonly deadline: Date;
  /** How many answers VQA calls ask for. */
  readonly vqaTopK: number;
}

/**
 * The runner's {@link ModuleBackend}: each call crops the view's pixels from the run's input image
 * (sent raw), calls the routed module service with the run's deadline and the step's AbortSignal
 * (grpc-kit retries UNAVAILABLE only, within the deadline), translates boxes between crop and root
 * pixels, and reports the model that answered and its soft output (scores, category
 * distributions, top-k answers) through `CallOptions.report`, so the step record carries them.
 * Module failures propagate as grpc-kit `VprogError`s with the module's code and reason.
 */
export function createGrpcBackend(options: GrpcBackendOptions): ModuleBackend {
  const route = (module: ModuleName): ModuleRoute => {
    const found = options.routes[module];
    if (found === undefined) throw failedPrecondition(`the runner has no address for the ${module} module`, { reason: 'MODULE_NOT_CONFIGURED', metadata: { module } });
    return found;
  };
  const callOptions = (r: ModuleRoute, call: CallOptions): ClientCallOptions => ({
    deadline: options.deadline,
    signal: call.signal,
    ...(r.version === undefined ? {} : { metadata: { [MODEL_VERSION_METADATA_KEY]: r.version } }),
  });
  const report = (call: CallOptions, r: ModuleRoute, model: common.ModelRef | undefined, soft: SoftOutput): void => {
    const reported: ModuleCallReport = {
      module: r.module,
      route: r.via === 'address' ? r.address : r.via,
      ...(model === undefined ? {} : { model: { name: model.name, version: model.version } }),
      soft,
    };
    setSpanAttributes({ [VPROG_ATTRIBUTES.MODULE]: r.module, [VPROG_ATTRIBUTES.MODEL_VERSION]: model?.version, 'vprog.model.name': model?.name, 'vprog.route': reported.route });
    call.report?.(reported);
  };

  return {
    async locate(view: ImageValue, object: string, call: CallOptions): Promise<Detection[]> {
      const r = route('loc');
      const pixels = viewPixels(options.images, view);
      const response = await options.clients.loc(r.address).locate({ image: pixels.image, object, maxBoxes: 0 }, callOptions(r, call));
      const boxes = response.boxes.map((b) => toRootDetection(b, pixels, view.rect));
      report(call, r, response.model, { kind: 'detections', scores: boxes.map((b) => b.score) });
      return boxes;
    },
    async detectFaces(view: ImageValue, call: CallOptions): Promise<Detection[]> {
      const r = route('facedet');
      const pixels = viewPixels(options.images, view);
      const response = await options.clients.facedet(r.address).detectFaces({ image: pixels.image, maxBoxes: 0 }, callOptions(r, call));
      const boxes = response.boxes.map((b) => toRootDetection(b, pixels, view.rect));
      report(call, r, response.model, { kind: 'detections', scores: boxes.map((b) => b.score) });
      return boxes;
    },
    async classify(view: ImageValue, boxes: readonly Detection[], categories: readonly string[], call: CallOptions) {
      const r = route('classify');
      const pixels = viewPixels(options.images, view);
      const request = { image: pixels.image, boxes: boxes.map((b) => toCropBox(b, pixels)), categories: [...categories] };
      const response = await options.clients.classify(r.address).classify(request, callOptions(r, call));
      if (response.classifications.length !== boxes.length) {
        throw internal(`the classify module returned ${response.classifications.length} results for ${boxes.length} boxes`, { reason: 'MODULE_PROTOCOL_ERROR' });
      }
      const results = response.classifications.map((c) => {
        const byLabel = new Map(c.scores.map((s) => [s.label, s.score]));
        return { label: c.category, scores: categories.map((category) => byLabel.get(category) ?? 0) };
      });
      report(call, r, response.model, { kind: 'classes', categories: [...categories], scores: results.map((x) => x.scores) });
      return results;
    },
    async answer(view: ImageValue, question: string, call: CallOptions) {
      const r = route('vqa');
      const pixels = viewPixels(options.images, view);
      const response = await options.clients.vqa(r.address).answer({ image: pixels.image, question, topK: options.vqaTopK }, callOptions(r, call));
      const topK = response.topAnswers.map((a) => ({ label: a.label, score: a.score }));
      report(call, r, response.model, { kind: 'answer', answer: response.answer, score: response.score, topK });
      return { answer: response.answer, score: response.score };
    },
  };
}
