import { InvalidArgumentError, type Command } from 'commander';
import { adminMetadata } from './admin-token';
import { createClient, isVprogError } from '@vprog/grpc-kit';
import { model } from '@vprog/proto-ts';
import { parsePositive } from './distill-options';
import { versionRecord, versionsTable, type VersionRecord } from './models-format';
import { MODULE_SERVICES } from './up';

/**
 * `vprog models list|activate|rollback`: the operator's view of a module service's versions over
 * its ModelService — what is stored and which is active, switching to a version (e.g. back to a
 * known-good one after a bad promotion) and rolling back to the previous one. The service is named
 * by `--address host:port`, or by `--module` and `--role` on the default ports of `vprog up`.
 * A refused call (unknown version, a version that fails its check, a stale `--expect-active`)
 * ends the command with one line naming the gRPC code and reason, and a non-zero exit.
 */

/** How the command finds the service. */
export interface ModelTarget {
  readonly address?: string;
  readonly module?: string;
  readonly role: string;
  readonly host: string;
  readonly port?: number;
}

/**
 * The ModelService address a target names.
 * @throws InvalidArgumentError when neither an address nor a known module and role is given.
 */
export function modelAddress(target: ModelTarget): string {
  if (target.address !== undefined) return target.address;
  if (target.module === undefined) throw new InvalidArgumentError('name the service: --address host:port, or --module <loc|vqa|facedet|classify> [--role student|teacher]');
  const service = MODULE_SERVICES.find((s) => s.name === target.module && s.role === target.role);
  if (service === undefined) throw new InvalidArgumentError(`unknown module or role "${target.module}/${target.role}"; modules: loc, vqa, facedet, classify; roles: student, teacher`);
  return `${target.host}:${target.port ?? service.port}`;
}

/** A typed failure as one line: `[FAILED_PRECONDITION/VERSION_NOT_FOUND] no version v9 (at 127.0.0.1:50051)`. */
export function failureLine(error: unknown, address: string): string {
  if (!isVprogError(error)) return error instanceof Error ? error.message : String(error);
  const hint = error.code === 'UNAVAILABLE' ? ` (is a module service serving at ${address}?)` : '';
  return `[${error.code}/${error.reason}] ${error.message}${hint}`;
}

/** Runs `use` with a ModelService client; a typed failure becomes an Error with {@link failureLine}. */
async function withModelService<T>(address: string, use: (client: ReturnType<typeof modelClient>) => Promise<T>): Promise<T> {
  const client = modelClient(address);
  try {
    return await use(client);
  } catch (error) {
    throw new Error(failureLine(error, address), { cause: error });
  } finally {
    client.$close();
  }
}

const modelClient = (address: string) => createClient(model.ModelServiceService, address, { defaultDeadlineMs: 60_000, ...adminMetadata() });

/** The model's name and every stored version, newest first. */
export async function listModelVersions(address: string): Promise<{ model: string; versions: VersionRecord[] }> {
  return withModelService(address, async (client) => {
    const info = (await client.getModelInfo({ version: '' })).modelInfo;
    const versions: VersionRecord[] = [];
    let pageToken = '';
    do {
      const page = await client.listVersions({ pageSize: 100, pageToken });
      versions.push(...page.versions.map(versionRecord));
      pageToken = page.nextPageToken;
    } while (pageToken !== '');
    return { model: info?.model?.name ?? '', versions };
  });
}

/** Where `vprog models` writes. */
export interface ModelsIo {
  readonly out: (text: string) => void;
}

interface TargetFlags {
  address?: string;
  module?: string;
  role: string;
  host: string;
  port?: number;
}

const withTarget = (command: Command): Command =>
  command
    .option('--address <host:port>', 'the module service to talk to')
    .option('--module <name>', 'loc, vqa, facedet or classify (on the default ports of vprog up)')
    .option('--role <role>', 'student or teacher', 'student')
    .option('--host <host>', 'host of --module', '127.0.0.1')
    .option('--port <n>', 'port of --module instead of its default', parsePositive);

/** Registers `vprog models list|activate|rollback`. */
export function registerModelsCommands(program: Command, io: ModelsIo = { out: (t) => process.stdout.write(t) }): void {
  const models = program.command('models').description("list, activate and roll back a module service's model versions");

  withTarget(models.command('list').description('print every stored version with its state, parent, creation time, α and metrics'))
    .option('--json', 'print one JSON object')
    .action(async (flags: TargetFlags & { json?: boolean }) => {
      const listed = await listModelVersions(modelAddress(flags));
      if (flags.json === true) io.out(`${JSON.stringify(listed)}\n`);
      else io.out(`${listed.model}\n${versionsTable(listed.versions)}\n`);
    });

  withTarget(models.command('activate <version>').description('make a stored version the active one (hot swap)'))
    .option('--expect-active <version>', 'refuse unless this version is active now')
    .action(async (version: string, flags: TargetFlags & { expectActive?: string }) => {
      const address = modelAddress(flags);
      const result = await withModelService(address, (client) => client.activate({ version, expectedActiveVersion: flags.expectActive ?? '' }));
      io.out(`active: ${result.active?.version ?? version}${result.previousVersion === '' ? '' : ` (previous: ${result.previousVersion})`}\n`);
    });

  withTarget(models.command('rollback').description('make the previous version the active one again'))
    .option('--expect-active <version>', 'refuse unless this version is active now')
    .action(async (flags: TargetFlags & { expectActive?: string }) => {
      const address = modelAddress(flags);
      const result = await withModelService(address, (client) => client.rollback({ expectedActiveVersion: flags.expectActive ?? '' }));
      io.out(`rolled back ${result.rolledBackVersion}; active: ${result.active?.version ?? '?'}\n`);
    });
}
