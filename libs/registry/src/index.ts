/**
 * `@vprog/registry` — the model repository on disk: immutable versions with sha256-checked files
 * and lineage, atomic `active`/`previous` aliases, first-run seeding from the committed zoo.
 * Transport-free: the gRPC layer maps its typed errors to `google.rpc.Status`.
 */
export { createRegistry, type Registry } from './registry';
export { createModelRepository, type ModelRepository } from './model-repository';
export {
  isRegistryError,
  registryError,
  REGISTRY_REASONS,
  type RegistryError,
  type RegistryErrorCode,
  type RegistryErrorReason,
  type RegistryFieldViolation,
} from './registry-error';
export { isValidName, isValidVersionId, compareVersionIds } from './names';
export { storedManifestSchema, type VersionManifest } from './manifest';
export type { LockOptions } from './process-lock';
export type {
  ActivateOptions,
  AliasRecord,
  AliasState,
  CreateVersionOptions,
  FileSource,
  ModelKey,
  ModelVersion,
  RegistryOptions,
  RollbackOptions,
  SeedReport,
  VersionFile,
  VersionState,
} from './types';
