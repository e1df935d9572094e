/**
 * The four module services as the batching bench sees them: how to start each real service, how a
 * client issues one request, and the same request decoded into the domain type the host batches,
 * so the in-process baseline runs exactly what a service batch runs (minus gRPC and the queue).
 *
 * Services have no public face of their own (`src/main.ts` is a bootstrap), so the bench imports
 * their `server.ts` factories by path, like their specs do.
 */
import { createClient, type Logger, type VprogClient } from '@vprog/grpc-kit';
import {
  CLASSIFY_MODULE,
  decodeAnswerRequest,
  decodeClassifyRequest,
  decodeDetectFacesRequest,
  decodeLocateRequest,
  detectFacesRequest,
  FACEDET_MODULE,
  LOC_MODULE,
  locateRequest,
  protoBox,
  vqaModule,
  type ModuleDefinition,
  type ModuleService,
  type ModuleServiceConfig,
  type ServiceDefinitionOf,
  testScene,
  type TestScene,
} from '@vprog/module-host';
import { classify, facedet, loc, vqa, type common } from '@vprog/proto-ts';
import type { Registry } from '@vprog/registry';
import { COLOURS } from '@vprog/world';
import { createClassifyService } from '../services/classify/src/server';
import { createFacedetService } from '../services/facedet/src/server';
import { createLocService } from '../services/loc/src/server';
import { createVqaService } from '../services/vqa/src/server';

/** The modules the bench knows. */
export const BENCH_MODULES = ['loc', 'facedet', 'classify', 'vqa'] as const;
/** One of {@link BENCH_MODULES}. */
export type BenchModule = (typeof BENCH_MODULES)[number];

/** Images travel raw (the runner's hot path), so no PNG decode sits on the request path. */
const IMAGE_LIMITS = { maxPixels: 1024 * 1024 };

/** One client of a module service: `call` issues the bench's request, `close` closes the client. */
export interface BenchClient {
  call(): Promise<unknown>;
  close(): void;
}

/** One module as the bench drives it. */
export interface BenchTarget {
  readonly module: BenchModule;
  /** The definition the service's host uses: predictor factory and batch runner. */
  readonly definition: ModuleDefinition<unknown, unknown, unknown>;
  /**
   * Starts the real module service on `config` over `registry` (not yet loaded).
   * @throws whatever `createModuleService` throws.
   */
  start(config: ModuleServiceConfig, deps: { readonly registry: Registry; readonly logger: Logger }): Promise<ModuleService<unknown, unknown, unknown>>;
  /** Opens a client (its own channel) on the module service at `address`, from any process. */
  connect(address: string): BenchClient;
  /** The domain request the service would decode from the bench's proto request. @throws on a request the codec refuses. */
  domainRequest(labels: readonly string[]): unknown;
}

/** A `common.Image` carrying the scene's raw RGB pixels. Throws nothing. */
export function rawImage(scene: TestScene): common.Image {
  const { width, height, data } = scene.image;
  return { source: { $case: 'raw', value: { width, height, channels: 3, data: Buffer.from(data) } } };
}

/**
 * The start and connect of a target whose service `create` makes and whose clients `call` `api`;
 * each client has its own channel, so clients do not share a connection.
 */
function serving<D extends ServiceDefinitionOf>(
  create: (config: ModuleServiceConfig, deps: { readonly registry: Registry; readonly logger: Logger }) => Promise<unknown>,
  api: D,
  call: (client: VprogClient<D>) => Promise<unknown>,
): Pick<BenchTarget, 'start' | 'connect'> {
  return {
    start: async (config, deps) => (await create(config, deps)) as ModuleService<unknown, unknown, unknown>,
    connect(address) {
      const client = createClient(api, address, { defaultDeadlineMs: 30_000, channelOptions: { 'grpc.use_local_subchannel_pool': 1 } });
      return { call: () => call(client), close: () => client.$close() };
    },
  };
}

/** Erases a module's types: the bench only counts answers. */
function erased<P, I, O>(definition: ModuleDefinition<P, I, O>): ModuleDefinition<unknown, unknown, unknown> {
  return definition as unknown as ModuleDefinition<unknown, unknown, unknown>;
}

/** The scene every side of the bench (and its client process) uses for `module`. Throws nothing. */
export function benchScene(module: BenchModule): TestScene {
  return testScene('studio', 7, { faces: module === 'facedet' ? 2 : 0 });
}

/** The bench target of `module` on `scene`: one fixed, valid request per module. Throws nothing. */
export function benchTarget(module: BenchModule, scene: TestScene): BenchTarget {
  const image = rawImage(scene);
  const first = scene.scene.objects[0];
  switch (module) {
    case 'loc': {
      const request = locateRequest(image, `${first.colour} ${first.shape}`, { maxBoxes: 5 });
      return {
        module,
        definition: erased(LOC_MODULE),
        ...serving(createLocService, loc.LocServiceService, (c) => c.locate(request)),
        domainRequest: () => decodeLocateRequest(request, IMAGE_LIMITS),
      };
    }
    case 'facedet': {
      const request = detectFacesRequest(image);
      return {
        module,
        definition: erased(FACEDET_MODULE),
        ...serving(createFacedetService, facedet.FaceDetServiceService, (c) => c.detectFaces(request)),
        domainRequest: () => decodeDetectFacesRequest(request, IMAGE_LIMITS),
      };
    }
    case 'classify': {
      const request: classify.ClassifyRequest = { image, boxes: scene.scene.objects.map((o) => protoBox(o.box)), categories: [...COLOURS] };
      return {
        module,
        definition: erased(CLASSIFY_MODULE),
        ...serving(createClassifyService, classify.ClassifyServiceService, (c) => c.classify(request)),
        domainRequest: (labels) => decodeClassifyRequest(request, IMAGE_LIMITS, labels),
      };
    }
    case 'vqa': {
      const request: vqa.AnswerRequest = { image, question: `How many ${first.shape}s are there?`, topK: 5 };
      return {
        module,
        definition: erased(vqaModule()),
        ...serving(createVqaService, vqa.VqaServiceService, (c) => c.answer(request)),
        domainRequest: () => decodeAnswerRequest(request, IMAGE_LIMITS),
      };
    }
  }
}
