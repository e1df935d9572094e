/**
 * The typed errors of `@vprog/registry`: plain data (`code`, `reason`, `message`, `metadata`, and
 * `fieldViolations` for bad names) carried on an `Error`, so the gRPC layer maps them to a
 * `google.rpc.Status` by duck typing and this domain library needs no transport dependency.
 */

/** The gRPC status codes this library uses. */
export type RegistryErrorCode =
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'ABORTED'
  | 'INVALID_ARGUMENT'
  | 'DATA_LOSS';

/** Every reason this library produces, with the code it belongs to (the code follows from the reason). */
export const REGISTRY_REASONS = {
  /** The version is not in the repository (never created, or discarded). */
  VERSION_NOT_FOUND: 'NOT_FOUND',
  /** `createVersion` named a parent that is not in the repository. */
  PARENT_NOT_FOUND: 'NOT_FOUND',
  /** The version id is taken now or was used before (ids are never reused). */
  VERSION_EXISTS: 'ALREADY_EXISTS',
  /** `discard` of the active or previous version. */
  VERSION_IN_USE: 'FAILED_PRECONDITION',
  /** `rollback` with no previous version to go back to. */
  NO_PREVIOUS_VERSION: 'FAILED_PRECONDITION',
  /** A committed seed model (the default zoo) breaks the layout or the manifest contract. */
  SEED_INVALID: 'FAILED_PRECONDITION',
  /** Compare-and-swap failed: the active version is not the one the caller expected. */
  ACTIVE_VERSION_MISMATCH: 'ABORTED',
  /** Another caller held the model's lock for longer than the lock timeout. */
  REGISTRY_BUSY: 'ABORTED',
  /** A module, role, version or file name breaks the naming rules. */
  INVALID_NAME: 'INVALID_ARGUMENT',
  /** The manifest given to `createVersion` is not an object of the expected shape. */
  INVALID_MANIFEST: 'INVALID_ARGUMENT',
  /** The files given to `createVersion` are missing, unreadable or disagree with the manifest. */
  INVALID_FILES: 'INVALID_ARGUMENT',
  /** A stored file's sha256 differs from the one its manifest records. */
  CHECKSUM_MISMATCH: 'DATA_LOSS',
  /** A file the manifest lists is not on disk. */
  FILE_MISSING: 'DATA_LOSS',
  /** A stored manifest is not JSON or breaks the contract. */
  MANIFEST_CORRUPT: 'DATA_LOSS',
  /** An alias file (`active`, `previous`) is not JSON or names no valid version. */
  ALIAS_CORRUPT: 'DATA_LOSS',
} as const satisfies Record<string, RegistryErrorCode>;

/** One of the UPPER_SNAKE reasons in {@link REGISTRY_REASONS}. */
export type RegistryErrorReason = keyof typeof REGISTRY_REASONS;

/** One bad field of a request, mapped to a `google.rpc.BadRequest` violation by the gRPC layer. */
export interface RegistryFieldViolation {
  readonly field: string;
  readonly description: string;
}

/** An error of this library; check with {@link isRegistryError}, never `instanceof`. */
export interface RegistryError extends Error {
  readonly code: RegistryErrorCode;
  readonly reason: RegistryErrorReason;
  readonly metadata: Readonly<Record<string, string>>;
  readonly fieldViolations?: readonly RegistryFieldViolation[];
}

/**
 * Creates a {@link RegistryError}; the gRPC code follows from the reason, so a reason can never
 * travel with the wrong code.
 */
export function registryError(
  reason: RegistryErrorReason,
  message: string,
  metadata: Record<string, string> = {},
  fieldViolations?: readonly RegistryFieldViolation[],
): RegistryError {
  const error = new Error(message) as Error & {
    code: RegistryErrorCode;
    reason: RegistryErrorReason;
    metadata: Record<string, string>;
    fieldViolations?: readonly RegistryFieldViolation[];
  };
  error.name = 'RegistryError';
  error.code = REGISTRY_REASONS[reason];
  error.reason = reason;
  error.metadata = metadata;
  if (fieldViolations !== undefined) error.fieldViolations = fieldViolations;
  return error;
}

/** True when `value` is an error of this library (duck-typed, so it works across package copies). */
export function isRegistryError(value: unknown): value is RegistryError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<RegistryError>;
  return (
    typeof candidate.reason === 'string' &&
    Object.prototype.hasOwnProperty.call(REGISTRY_REASONS, candidate.reason) &&
    candidate.code === REGISTRY_REASONS[candidate.reason as RegistryErrorReason] &&
    typeof candidate.message === 'string'
  );
}
