/**
 * `@vprog/module-host`: everything the module services and teacher sidecars share — the dynamic
 * batcher, the model host (registry versions in onnxruntime workers, golden check, hot swap,
 * candidate routing, readiness), the generic `ModelService`, Prometheus metrics and OTel span
 * attributes, the edge codec for images and boxes, the env config, and `createModuleService`
 * that puts them together. A service folder then holds only its module's handler, codec, config
 * and main.
 */
export { batcherOptionsSchema, type BatcherOptions, type BatcherOptionsInput } from './batching/batcher-options';
export {
  createBatcher,
  type BatchedResult,
  type BatcherObserver,
  type BatchRunner,
  type DynamicBatcher,
  type SubmitOptions,
} from './batching/dynamic-batcher';

export { DEFAULT_GOLDEN_TOLERANCE, runGoldenCheck, type GoldenCheckInput, type GoldenReport } from './host/golden-check';
export { createModelHost, type HostResult, type HostSubmitOptions, type ModelHost, type ModelHostOptions, type SwitchResult } from './host/model-host';
export { graphRunner, type GraphSpec, type LoadedGraphs, type ModelLoader } from './host/model-loader';
export { loadSlot, type LoadSlotDeps, type ModelSlot } from './host/model-slot';
export type { ModuleDefinition } from './host/module-definition';

export { encodeModule, encodeRole, encodeVersion } from './admin/version-codec';
export { modelServiceRegistration } from './admin/model-service';
export { DEFAULT_PAGE_SIZE } from './admin/list-versions';
export { DISTILL_DEFAULTS, EXPORT_TOLERANCE, resolveDistillOptions, type DistillSettings } from './distill/distill-options';
export { createFeatureCache, type FeatureCache } from './distill/feature-cache';
export type { DistillDeps } from './distill/run-distill';

export { METRIC_NAMES, createModuleMetrics, type MetricsIdentity, type ModuleMetrics } from './metrics/module-metrics';
export { metricsInterceptor } from './metrics/metrics-interceptor';
export { startMetricsServer, type MetricsServer, type MetricsServerOptions } from './metrics/metrics-server';

export { createViolations, type Violations } from './edge/violations';
export { decodeImage, type ImageLimits } from './edge/image-codec';
export { decodeBoxes, encodeDetections, encodeRect } from './edge/box-codec';
export { optionalThreshold, requireText } from './edge/request-fields';

export {
  DEFAULT_MODELS_ROOT,
  DEFAULT_SEED_DIR,
  parseServiceEnv,
  serviceEnvKeys,
  serviceEnvSchema,
  type Env,
  type ModuleServiceConfig,
  type ServiceEnvSpec,
} from './service/service-config';
export { createModuleService, type ApiContext, type ModuleService, type ModuleServiceOptions } from './service/create-module-service';
export { runModuleService } from './service/run-module-service';
export { checkHealth, waitForServing } from './health/check-serving';

/** Test support (seeded temp registries, test configs, version clones, metric reading). */
export { cloneVersion, createTestRegistry, testSeedDir, testServiceConfig, type CloneOptions, type TestRegistry } from './testing/test-registry';
export { metricValue, scrapeMetrics } from './testing/metrics-text';
export { boxIou, testScene, type TestScene } from './testing/test-scenes';
export { startServiceUnderTest, type CreateModuleServiceFn, type ServiceDefinitionOf, type ServiceUnderTest, type ServiceUnderTestOptions } from './testing/service-under-test';
export { callFailure } from './testing/call-failure';
export { boxRect, detectFacesRequest, locateRequest, pngImage, protoBox } from './testing/module-requests';
export { matchDetections, uniqueObject, type DetectionMatch } from './testing/scene-targets';
export { faceDetectionCounts, type FaceDetectionCounts } from './testing/face-detection-counts';
export { describeFacedetService, describeVqaService, type ServiceSuiteOptions } from './testing/service-suites';
export {
  askVqaTestQuestions,
  isRankedReply,
  testAnswerOf,
  vqaAnswerQuality,
  vqaTestQuestions,
  type VqaTestAnswer,
  type VqaTestQuestion,
  type VqaTestReply,
} from './testing/vqa-questions';

/** The module definitions and their proto ↔ domain codecs, shared by each student and its teacher sidecar. */
export { LOC_MODULE } from './modules/loc-module';
export { decodeLocateRequest, encodeLocateResponse } from './modules/loc-codec';
export { FACEDET_MODULE } from './modules/facedet-module';
export { decodeDetectFacesRequest, encodeDetectFacesResponse } from './modules/facedet-codec';
export { CLASSIFY_MODULE } from './modules/classify-module';
export { CLASSIFY_MAX_BOXES, CLASSIFY_MAX_CATEGORIES, decodeClassifyRequest, encodeClassifyResponse } from './modules/classify-codec';
export { vqaModule } from './modules/vqa-module';
export { VQA_MAX_TOP_K, decodeAnswerRequest, encodeAnswerResponse } from './modules/vqa-codec';
export { classifyApi, facedetApi, locApi, vqaApi } from './modules/module-apis';
