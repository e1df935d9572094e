import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { errnoOf } from './fs-durable';
import { assertRelativeFilePath } from './names';
import { registryError } from './registry-error';

/**
 * The part of `manifest.json` the registry relies on. The full contract (graph signatures, label
 * space, preprocessing...) belongs to `@vprog/models`; here only identity, lineage and files are
 * checked, and every other field passes through untouched.
 */

const SHA256 = /^[0-9a-f]{64}$/;

/** One file of a version: its path relative to the version directory and its sha256. */
const storedFileSchema = z.looseObject({ path: z.string().min(1), sha256: z.string().regex(SHA256) });

/** The schema of a manifest as the registry stores it: every file carries its sha256. */
export const storedManifestSchema = z.looseObject({
  name: z.string().min(1),
  module: z.string().min(1),
  role: z.string().min(1),
  version: z.string().min(1),
  parent: z.string().nullable(),
  createdAt: z.string().min(1).optional(),
  lineage: z.record(z.string(), z.unknown()).optional(),
  files: z.record(z.string(), storedFileSchema),
});

/** A stored manifest: the checked fields plus whatever else the exporter or trainer wrote. */
export type VersionManifest = z.output<typeof storedManifestSchema>;

/**
 * The schema of a manifest as a seed (the committed zoo) may hold it: `sha256` may still be
 * missing, and the registry fills it in on its copy.
 */
export const seedManifestSchema = storedManifestSchema.extend({
  files: z.record(z.string(), z.looseObject({ path: z.string().min(1), sha256: z.string().regex(SHA256).optional() })),
});

/** The shape of the free-form manifest a caller hands to `createVersion`; identity fields are optional. */
export const inputManifestSchema = z.looseObject({
  name: z.string().min(1).optional(),
  module: z.string().optional(),
  role: z.string().optional(),
  files: z.record(z.string(), z.looseObject({ path: z.string().min(1).optional() })).optional(),
  lineage: z.record(z.string(), z.unknown()).optional(),
});

/** The identity a stored manifest must agree with: the directory it lies in. */
export interface ManifestIdentity {
  readonly module: string;
  readonly role: string;
  readonly version: string;
}

/**
 * Reads and checks the manifest of a stored version.
 * @throws RegistryError VERSION_NOT_FOUND when the directory has no manifest; MANIFEST_CORRUPT
 *   (DATA_LOSS) when it is not JSON, breaks the schema, names another module/role/version, or
 *   lists a file path that leaves the version directory.
 */
export async function readStoredManifest(versionDir: string, identity: ManifestIdentity): Promise<VersionManifest> {
  let text: string;
  try {
    text = await readFile(join(versionDir, 'manifest.json'), 'utf8');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') {
      throw registryError('VERSION_NOT_FOUND', `version ${describe(identity)} not found`, { ...identity });
    }
    throw error;
  }
  const manifest = parseManifest(storedManifestSchema, text, identity, 'MANIFEST_CORRUPT');
  return manifest;
}

/**
 * Parses manifest text with `schema` and checks that it names `identity` and lists safe paths.
 * @throws RegistryError of `reason` with the first problem in its message.
 */
export function parseManifest<S extends typeof storedManifestSchema | typeof seedManifestSchema>(
  schema: S,
  text: string,
  identity: ManifestIdentity,
  reason: 'MANIFEST_CORRUPT' | 'SEED_INVALID',
): z.output<S> {
  const fail = (problem: string) =>
    registryError(reason, `manifest of ${describe(identity)} ${problem}`, { ...identity, problem });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw fail('is not valid JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw fail(`breaks the contract at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const manifest = parsed.data as z.output<S>;
  for (const field of ['module', 'role', 'version'] as const) {
    if (manifest[field] !== identity[field]) {
      throw fail(`names ${field} "${manifest[field]}" but lies in the directory of ${field} "${identity[field]}"`);
    }
  }
  for (const [key, entry] of Object.entries(manifest.files)) {
    try {
      assertRelativeFilePath(`files.${key}.path`, entry.path);
    } catch {
      throw fail(`lists file ${key} at an unsafe path "${entry.path}"`);
    }
  }
  return manifest;
}

/** Renders a manifest as the registry writes it: two-space JSON with a final newline. */
export function renderManifest(manifest: Record<string, unknown>): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function describe(identity: ManifestIdentity): string {
  return `${identity.module}/${identity.role}@${identity.version}`;
}
