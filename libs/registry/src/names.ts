import { registryError } from './registry-error';

/**
 * Naming rules. Every name the registry turns into a path is checked here first, so no request
 * can reach outside the repository (`..`, `/`, absolute paths, hidden entries).
 */

const NAME = /^[a-z][a-z0-9-]{0,62}$/;
const VERSION = /^v(0|[1-9][0-9]{0,8})$/;
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const FILE_KEY = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** Reserved names inside a version directory. */
const RESERVED_FILES = new Set(['manifest.json']);

/** True when `name` is a valid module or role name (`^[a-z][a-z0-9-]*$`, at most 63 characters). */
export function isValidName(name: unknown): name is string {
  return typeof name === 'string' && NAME.test(name);
}

/** True when `version` is a valid version id: `v` and a number without leading zeros (`v1`, `v12`). */
export function isValidVersionId(version: unknown): version is string {
  return typeof version === 'string' && VERSION.test(version);
}

/**
 * Checks a module or role name before it becomes a path segment.
 * @throws RegistryError INVALID_NAME (INVALID_ARGUMENT) with a field violation on `field`.
 */
export function assertName(field: 'module' | 'role', name: unknown): string {
  if (isValidName(name)) return name;
  throw invalidName(field, name, 'must match ^[a-z][a-z0-9-]*$ (at most 63 characters)');
}

/**
 * Checks a version id before it becomes a path segment.
 * @throws RegistryError INVALID_NAME (INVALID_ARGUMENT) with a field violation on `field`.
 */
export function assertVersionId(field: string, version: unknown): string {
  if (isValidVersionId(version)) return version;
  throw invalidName(field, version, 'must be "v" followed by a number without leading zeros, e.g. v3');
}

/** The number of a valid version id, for ordering (`v10` after `v9`). */
export function versionNumber(version: string): number {
  return Number(version.slice(1));
}

/** Orders version ids by their number. */
export function compareVersionIds(a: string, b: string): number {
  return versionNumber(a) - versionNumber(b);
}

/** The version id of number `n`: `versionIdOf(3)` is `v3`. */
export function versionIdOf(n: number): string {
  return `v${n}`;
}

/**
 * Checks a manifest file key (the `files` map key, e.g. `head`).
 * @throws RegistryError INVALID_NAME (INVALID_ARGUMENT).
 */
export function assertFileKey(key: string): string {
  if (FILE_KEY.test(key)) return key;
  throw invalidName(`files.${key}`, key, 'a file key must match ^[A-Za-z0-9_][A-Za-z0-9._-]*$');
}

/**
 * Checks a file path relative to a version directory: forward slashes, no `.`/`..`/hidden
 * segments, not absolute, not `manifest.json`. Returns it unchanged.
 * @throws RegistryError INVALID_NAME (INVALID_ARGUMENT).
 */
export function assertRelativeFilePath(field: string, relativePath: unknown): string {
  if (typeof relativePath !== 'string' || relativePath.length === 0 || relativePath.length > 512) {
    throw invalidName(field, relativePath, 'a file path must be a non-empty string');
  }
  const segments = relativePath.split('/');
  if (!segments.every((segment) => SEGMENT.test(segment) && segment !== '.' && segment !== '..')) {
    throw invalidName(field, relativePath, 'a file path must be relative, use "/" and have no "..", "." or hidden segments');
  }
  if (RESERVED_FILES.has(relativePath)) throw invalidName(field, relativePath, `"${relativePath}" is reserved`);
  return relativePath;
}

function invalidName(field: string, value: unknown, rule: string) {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return registryError('INVALID_NAME', `${field} ${shown} is not valid: ${rule}`, { field, value: shown }, [
    { field, description: rule },
  ]);
}
