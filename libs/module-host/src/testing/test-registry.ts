import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry, type ModelRepository, type ModelVersion, type Registry } from '@vprog/registry';
import { DEFAULT_SEED_DIR, type ModuleServiceConfig } from '../service/service-config';

/**
 * Test support shared by the service specs (exported because services may not deep-import).
 * Specs run on the committed zoo: `models/` at the repository root, or `VPROG_MODELS_DIR` when set
 * (the same override the zoo's golden check honours, e.g. for a smoke build).
 */

/** The zoo the test registries are seeded from. */
export function testSeedDir(): string {
  return process.env.VPROG_MODELS_DIR ?? DEFAULT_SEED_DIR;
}

/** A registry in a fresh temp folder, seeded on first open like a real deployment's. */
export interface TestRegistry {
  readonly root: string;
  readonly registry: Registry;
  /** Removes the temp folder. */
  cleanup(): Promise<void>;
}

/** Opens a registry in a new temp folder, seeded from {@link testSeedDir} (the repo is never written). */
export async function createTestRegistry(prefix = 'vprog-models-'): Promise<TestRegistry> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  const registry = await createRegistry({ root, seedFrom: testSeedDir() });
  return { root, registry, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** A service config for tests: loopback, port 0 everywhere, one worker with one thread, no request log. */
export function testServiceConfig(modelsRoot: string, overrides: Partial<ModuleServiceConfig> = {}): ModuleServiceConfig {
  return {
    server: { host: '127.0.0.1', port: 0, shutdownGraceMs: 2_000, requestLog: false },
    modelsRoot,
    seedFrom: testSeedDir(),
    batching: { maxBatchSize: 8, maxQueueDelayMs: 2, queueCapacity: 256 },
    maxPixels: 1024 * 1024,
    metrics: { host: '127.0.0.1', port: 0 },
    runtime: { executionProvider: 'cpu', poolSize: 1, intraOpNumThreads: 1 },
    goldenTolerance: 1e-3,
    maxLoadedCandidates: 2,
    ...overrides,
  };
}

/** Options of {@link cloneVersion}. */
export interface CloneOptions {
  /** Changes the copied manifest (e.g. spoil a golden output). */
  readonly manifest?: (manifest: Record<string, unknown>) => Record<string, unknown>;
  /** Replaces some files' content (e.g. a corrupt head). */
  readonly files?: Readonly<Record<string, Uint8Array>>;
}

/**
 * Writes a new version with the files and manifest of `from` (and `from` as its parent): the way
 * tests and drills make a "new" version to hot-swap to, or a damaged one to be refused.
 */
export async function cloneVersion(repository: ModelRepository, from: string, options: CloneOptions = {}): Promise<ModelVersion> {
  const source = await repository.getVersion(from);
  const files: Record<string, Uint8Array | string> = {};
  for (const [key, file] of Object.entries(source.files)) files[key] = options.files?.[key] ?? file.path;
  const manifest = { ...(source.manifest as Record<string, unknown>) };
  return repository.createVersion({ parent: from, files, manifest: options.manifest ? options.manifest(manifest) : manifest });
}
