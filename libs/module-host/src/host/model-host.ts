import { failedPrecondition, toVprogError, unavailable, type Logger } from '@vprog/grpc-kit';
import type { AliasState, ModelRepository, ModelVersion } from '@vprog/registry';
import { VPROG_ATTRIBUTES as A, setSpanAttributes } from '@vprog/telemetry';
import type { BatcherOptionsInput } from '../batching/batcher-options';
import type { SubmitOptions } from '../batching/dynamic-batcher';
import type { ModuleMetrics } from '../metrics/module-metrics';
import { createSerialQueue } from './serial-queue';
import { loadSlot, type ModelSlot } from './model-slot';
import type { ModelLoader } from './model-loader';
import type { ModuleDefinition } from './module-definition';

/** How long a version that failed to load or check is answered from memory before it is tried again. */
const FAILED_LOAD_MEMORY_MS = 30_000;

/** Options of {@link createModelHost}. */
export interface ModelHostOptions<P, I, O> {
  readonly repository: ModelRepository;
  readonly definition: ModuleDefinition<P, I, O>;
  readonly loader: ModelLoader;
  readonly batching: BatcherOptionsInput;
  readonly metrics: ModuleMetrics;
  readonly logger: Logger;
  /** Golden check tolerance (largest absolute difference). */
  readonly goldenTolerance?: number;
  /** Non-active versions kept loaded for candidate routing; the least recently used goes first. Default 2. */
  readonly maxLoadedCandidates?: number;
}

/** A request for the host: which version (default: active), plus cancellation and deadline. */
export interface HostSubmitOptions extends SubmitOptions {
  /** The version named in `x-vprog-model-version`, if any. */
  readonly version?: string;
}

/** An answer with the version that produced it. */
export interface HostResult<O> {
  readonly output: O;
  readonly version: string;
  /** The model's name from its manifest, e.g. `loc-student`. */
  readonly modelName: string;
  readonly batchSize: number;
}

/** The outcome of Activate or Rollback: the aliases now, and the version that now answers. */
export interface SwitchResult {
  readonly aliases: AliasState;
  readonly active: ModelVersion;
  /** The version that was active before the switch, if any. */
  readonly replaced?: string;
}

/**
 * Hosts the versions of one model (a module and role) for a service: the active version serves by
 * default, candidates serve requests that name them, versions are switched without dropping a
 * request, and readiness follows the active version.
 */
export interface ModelHost<P, I, O> {
  readonly module: string;
  readonly role: string;
  /** The registry entry of the hosted model (versions, aliases). */
  readonly repository: ModelRepository;
  /**
   * Loads and checks the active version. Call once at startup; readiness turns true when it resolves.
   * @throws VprogError FAILED_PRECONDITION / NO_ACTIVE_VERSION when the registry names none, or the
   *   load/check failure of the active version.
   */
  start(): Promise<void>;
  /** True when the active version is loaded and passed its check (what health reports). */
  readonly ready: boolean;
  /** Called with the new readiness whenever it changes. */
  onReadyChange(listener: (ready: boolean) => void): void;
  /** The version answering requests that name none; undefined before start. */
  readonly activeVersion: string | undefined;
  /** Loaded slots (active and candidates), for tests and diagnostics. */
  loadedVersions(): string[];
  /**
   * Serves one request through the batching queue of the requested (or active) version.
   * @throws VprogError UNAVAILABLE / NOT_READY before start; NOT_FOUND for an unknown version;
   *   FAILED_PRECONDITION when a named version cannot be served; whatever the batcher throws
   *   (QUEUE_FULL, DEADLINE_EXCEEDED, CANCELLED) or the model throws.
   */
  submit(item: I, options?: HostSubmitOptions): Promise<HostResult<O>>;
  /** The predictor and manifest of a version (loading it if needed), e.g. for ModelInfo. */
  slot(version?: string): Promise<ModelSlot<P, I, O>>;
  /**
   * Loads `version` in new workers, checks it, switches traffic to it, then retires the old one
   * once its in-flight requests are done. A version that fails its check changes nothing.
   * @throws VprogError FAILED_PRECONDITION (with the check's reason); RegistryError
   *   VERSION_NOT_FOUND, ACTIVE_VERSION_MISMATCH, REGISTRY_BUSY.
   */
  activate(version: string, expectedActive?: string): Promise<SwitchResult>;
  /**
   * Goes back to the previous version the same way.
   * @throws RegistryError NO_PREVIOUS_VERSION, ACTIVE_VERSION_MISMATCH; FAILED_PRECONDITION when
   *   the previous version no longer passes its check.
   */
  rollback(expectedActive?: string): Promise<SwitchResult>;
  /**
   * Removes a candidate from the registry and unloads it.
   * @throws RegistryError VERSION_IN_USE, VERSION_NOT_FOUND.
   * @returns the version as it was before it was discarded.
   */
  discard(version: string): Promise<ModelVersion>;
  /** Retires every loaded version (in-flight requests finish first). */
  close(): Promise<void>;
}

/**
 * Creates the host of one model. Admin operations (activate, rollback, discard) run one at a time;
 * requests never wait for them: they are routed to whichever slot is active when they arrive, and
 * a slot being retired finishes what it already holds.
 */
export function createModelHost<P, I, O>(options: ModelHostOptions<P, I, O>): ModelHost<P, I, O> {
  const { repository, definition, metrics, logger } = options;
  const maxCandidates = Math.max(1, options.maxLoadedCandidates ?? 2);
  /** Loading or loaded versions; `slot` is set once the load succeeded. */
  const slots = new Map<string, { readonly promise: Promise<ModelSlot<P, I, O>>; slot?: ModelSlot<P, I, O> }>();
  const retiring = new Set<Promise<void>>();
  const admin = createSerialQueue();
  const listeners: Array<(ready: boolean) => void> = [];
  let active: ModelSlot<P, I, O> | undefined;
  let closed = false;

  const setActive = (slot: ModelSlot<P, I, O> | undefined): void => {
    const before = active !== undefined;
    active = slot;
    metrics.setActiveVersion(slot?.version);
    if (before !== (slot !== undefined)) for (const listener of listeners) listener(slot !== undefined);
  };

  const retire = (slot: ModelSlot<P, I, O>): void => {
    if (slots.get(slot.version)?.slot === slot) slots.delete(slot.version);
    if (slot.retired) return;
    const done = slot.retire().catch((error: unknown) => logger.log('error', 'retiring a model version failed', { version: slot.version, error: String(error) }));
    retiring.add(done);
    void done.finally(() => retiring.delete(done));
    logger.log('info', 'model version retiring', { module: repository.module, role: repository.role, version: slot.version });
  };

  const evictCandidates = (): void => {
    const loaded = [...slots.values()].map((entry) => entry.slot);
    const candidates = loaded.filter((s): s is ModelSlot<P, I, O> => s !== undefined && s !== active).sort((a, b) => a.lastUsed - b.lastUsed);
    for (const slot of candidates.slice(0, Math.max(0, candidates.length - maxCandidates))) retire(slot);
  };

  /** The loaded slot of a version, loading (and checking) it on first use. */
  const acquire = (version: string): Promise<ModelSlot<P, I, O>> => {
    if (closed) return Promise.reject(unavailable('the service is shutting down', { reason: 'SHUTTING_DOWN' }));
    const existing = slots.get(version);
    if (existing !== undefined) return existing.promise;
    const loading = loadSlot({ repository, definition, loader: options.loader, batching: options.batching, metrics, ...(options.goldenTolerance !== undefined ? { goldenTolerance: options.goldenTolerance } : {}) }, version);
    const entry: { promise: Promise<ModelSlot<P, I, O>>; slot?: ModelSlot<P, I, O> } = { promise: loading };
    slots.set(version, entry);
    loading.then(
      (slot) => {
        logger.log('info', 'model version loaded and checked', { module: repository.module, role: repository.role, version });
        entry.slot = slot;
        if (closed || slots.get(version) !== entry) retire(slot);
        else evictCandidates();
      },
      (error: unknown) => {
        // Versions are immutable, so a version that failed its check fails again: remember that for
        // a while instead of reloading it for every request that names it. Unknown versions are not
        // remembered (a candidate with that id may be written any moment).
        const forget = () => {
          if (slots.get(version) === entry) slots.delete(version);
        };
        if (toVprogError(error).code === 'FAILED_PRECONDITION') setTimeout(forget, FAILED_LOAD_MEMORY_MS).unref();
        else forget();
        logger.log('warn', 'model version failed to load', { module: repository.module, role: repository.role, version, error: String(error) });
      },
    );
    return loading;
  };

  const switchTo = async (slot: ModelSlot<P, I, O>, aliases: AliasState): Promise<SwitchResult> => {
    const old = active;
    setActive(slot);
    if (old !== undefined && old !== slot) retire(old);
    const record = await repository.getVersion(slot.version);
    return { aliases, active: record, ...(old !== undefined && old !== slot ? { replaced: old.version } : {}) };
  };

  return {
    module: repository.module,
    role: repository.role,
    repository,
    get ready() {
      return active !== undefined;
    },
    onReadyChange: (listener) => void listeners.push(listener),
    get activeVersion() {
      return active?.version;
    },
    loadedVersions: () => [...slots.entries()].filter(([, entry]) => entry.slot !== undefined).map(([version]) => version),
    start: () =>
      admin.run(async () => {
        const alias = await repository.active();
        if (alias === null) {
          throw failedPrecondition(`${repository.module}/${repository.role} has no active version in the registry`, { reason: 'NO_ACTIVE_VERSION' });
        }
        setActive(await acquire(alias.version));
      }),
    async submit(item, submitOptions = {}) {
      const { version, ...queueOptions } = submitOptions;
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const slot = version === undefined || version === active?.version ? active : await acquire(version);
        if (slot === undefined) throw unavailable(`${repository.module}/${repository.role} is not ready: no model version loaded yet`, { reason: 'NOT_READY' });
        if (slot.retired) continue;
        slot.lastUsed = Date.now();
        definition.check?.(slot.predictor, item);
        const result = await slot.batcher.submit(item, queueOptions);
        setSpanAttributes({ [A.MODULE]: repository.module, 'vprog.model.role': repository.role, [A.MODEL_VERSION]: slot.version, [A.BATCH_SIZE]: result.batchSize });
        return { output: result.output, version: slot.version, modelName: slot.manifest.name, batchSize: result.batchSize };
      }
      throw unavailable('the requested model version is being retired; retry', { reason: 'VERSION_RETIRING' });
    },
    async slot(version) {
      if (version === undefined || version === active?.version) {
        if (active === undefined) throw unavailable(`${repository.module}/${repository.role} is not ready`, { reason: 'NOT_READY' });
        return active;
      }
      return acquire(version);
    },
    activate: (version, expectedActive) =>
      admin.run(async () => {
        const slot = await acquire(version);
        const aliases = await repository.activate(version, expectedActive === undefined ? {} : { expectedActive });
        return switchTo(slot, aliases);
      }),
    rollback: (expectedActive) =>
      admin.run(async () => {
        const previous = await repository.previous();
        const slot = previous === null ? undefined : await acquire(previous.version);
        const aliases = await repository.rollback(expectedActive === undefined ? {} : { expectedActive });
        const now = aliases.active?.version;
        const target = slot !== undefined && slot.version === now ? slot : await acquire(now ?? '');
        return switchTo(target, aliases);
      }),
    discard: (version) =>
      admin.run(async () => {
        const before = await repository.getVersion(version);
        await repository.discard(version);
        const loaded = slots.get(version);
        slots.delete(version);
        if (loaded !== undefined) await loaded.promise.then(retire, () => undefined);
        return before;
      }),
    async close() {
      closed = true;
      await admin.run(async () => {
        const loaded = await Promise.all([...slots.values()].map((entry) => entry.promise.catch(() => undefined)));
        setActive(undefined);
        for (const slot of loaded) if (slot !== undefined) retire(slot);
        await Promise.all([...retiring]);
      });
    },
  };
}
