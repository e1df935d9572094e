import { ALL_MODULES, type ModuleName } from '@vprog/benchmark';
import { adminMetadata } from './admin-token';
import { createClient } from '@vprog/grpc-kit';
import { model } from '@vprog/proto-ts';

/**
 * The study's bookkeeping of student versions: it remembers each module's active version before
 * any distillation, so that SDVP can start from the same students as the naive baseline did and
 * the report can replay questions on the original versions.
 */

/** The ModelService address of every student module. */
export type StudentAddresses = Readonly<Record<ModuleName, string>>;

/** The version of every student module. */
export type ModuleVersions = Readonly<Record<ModuleName, string>>;

function withClient<T>(address: string, use: (client: ReturnType<typeof adminClient>) => Promise<T>): Promise<T> {
  const client = adminClient(address);
  return use(client).finally(() => client.$close());
}

// Activation hot-swaps a version in a fresh worker: allow it time.
const adminClient = (address: string) => createClient(model.ModelServiceService, address, { defaultDeadlineMs: 60_000, ...adminMetadata() });

/**
 * Reads every student's active version (ModelService.GetModelInfo).
 * @throws the service's typed error when one is unreachable or reports no version.
 */
export async function activeVersions(students: StudentAddresses): Promise<ModuleVersions> {
  const entries = await Promise.all(
    ALL_MODULES.map((module) =>
      withClient(students[module], async (client) => {
        const version = (await client.getModelInfo({ version: '' })).modelInfo?.version?.version ?? '';
        if (version === '') throw new Error(`the ${module} student reports no active version`);
        return [module, version] as const;
      }),
    ),
  );
  return Object.fromEntries(entries) as Record<ModuleName, string>;
}

/**
 * Makes `versions` the active ones again (ModelService.Activate) where they are not; resolves with
 * the modules that were switched.
 * @throws the service's typed error when an activation is refused (e.g. the version was discarded).
 */
export async function restoreVersions(students: StudentAddresses, versions: ModuleVersions): Promise<ModuleName[]> {
  const current = await activeVersions(students);
  const changed = ALL_MODULES.filter((m) => current[m] !== versions[m]);
  for (const module of changed) {
    await withClient(students[module], (client) => client.activate({ version: versions[module], expectedActiveVersion: current[module] }));
  }
  return changed;
}
