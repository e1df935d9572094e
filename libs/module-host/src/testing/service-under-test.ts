import { createClient, silentLogger, type Logger, type VprogClient } from '@vprog/grpc-kit';
import { model } from '@vprog/proto-ts';
import type { Registry } from '@vprog/registry';
import { checkHealth } from '../health/check-serving';
import type { ModuleService } from '../service/create-module-service';
import type { ModuleServiceConfig } from '../service/service-config';
import { createTestRegistry, testServiceConfig, type TestRegistry } from './test-registry';

/** A generated service definition, e.g. `loc.LocServiceService` (what `createClient` accepts). */
export type ServiceDefinitionOf = Exclude<Parameters<typeof createClient>[0], { readonly service: unknown }>;

/** A service factory as each module service and teacher sidecar exports it (`createLocService`…). */
export type CreateModuleServiceFn<P, I, O> = (config: ModuleServiceConfig, deps: { readonly registry: Registry; readonly logger: Logger }) => Promise<ModuleService<P, I, O>>;

/** Options of {@link startServiceUnderTest}. */
export interface ServiceUnderTestOptions {
  /** Changes to {@link testServiceConfig} (e.g. batching limits). */
  readonly config?: Partial<ModuleServiceConfig>;
  /** Default deadline of the module API client; 20 s. */
  readonly deadlineMs?: number;
  /** Default deadline of the ModelService client; `deadlineMs` unless set (hot swaps take longer). */
  readonly adminDeadlineMs?: number;
  /** How long {@link ServiceUnderTest.stop} lets calls drain; 1 s. */
  readonly shutdownGraceMs?: number;
}

/** A module service running on loopback over a temp registry, with a client for its module API and one for ModelService. */
export interface ServiceUnderTest<D extends ServiceDefinitionOf, P = unknown, I = unknown, O = unknown> {
  readonly models: TestRegistry;
  readonly service: ModuleService<P, I, O>;
  /** The module API (e.g. `LocService`). */
  readonly client: VprogClient<D>;
  readonly admin: VprogClient<typeof model.ModelServiceService>;
  /** The overall health status seen after the server started and before `load()` (NOT_SERVING when readiness is right). */
  readonly healthBeforeLoad: string;
  /** Closes both clients, shuts the service down and removes the temp registry. */
  stop(): Promise<void>;
}

/**
 * The setup every service spec shares (exported because services may not deep-import): a temp
 * registry seeded from the zoo, the service started on it with a silent logger, its health read
 * before loading, the active version loaded, and typed clients for the module API and ModelService.
 * Use it from `beforeAll` and call `stop()` from `afterAll`.
 * @throws whatever creating or loading the service throws; what was started by then is stopped
 *   and the temp registry removed first.
 */
export async function startServiceUnderTest<D extends ServiceDefinitionOf, P, I, O>(
  create: CreateModuleServiceFn<P, I, O>,
  api: D,
  options: ServiceUnderTestOptions = {},
): Promise<ServiceUnderTest<D, P, I, O>> {
  const models = await createTestRegistry();
  let service: ModuleService<P, I, O> | undefined;
  try {
    service = await create(testServiceConfig(models.root, options.config), { registry: models.registry, logger: silentLogger });
    const healthBeforeLoad = await checkHealth(service.address);
    await service.load();
    const deadlineMs = options.deadlineMs ?? 20_000;
    const client = createClient(api, service.address, { defaultDeadlineMs: deadlineMs });
    const admin = createClient(model.ModelServiceService, service.address, { defaultDeadlineMs: options.adminDeadlineMs ?? deadlineMs });
    const running = service;
    const stop = async () => {
      client.$close();
      admin.$close();
      await running.shutdown(options.shutdownGraceMs ?? 1_000);
      await models.cleanup();
    };
    return { models, service, client, admin, healthBeforeLoad, stop };
  } catch (error) {
    await service?.shutdown(0);
    await models.cleanup();
    throw error;
  }
}
