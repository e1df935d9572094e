/**
 * `vprog models` against a real module service: the loc student's ModelService (module-host with
 * the real onnxruntime loader) on 127.0.0.1:0 over a temp registry seeded from the committed zoo.
 * The loc API itself is not served: the subject is the operator command, not localisation.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Command } from 'commander';
import type { Logger } from '@vprog/grpc-kit';
import { cloneVersion, createModuleService, LOC_MODULE, startServiceUnderTest, type ModuleServiceConfig, type ServiceUnderTest } from '@vprog/module-host';
import { loadModel } from '@vprog/onnx-runtime';
import { loc } from '@vprog/proto-ts';
import type { Registry } from '@vprog/registry';
import { modelAddress, registerModelsCommands } from './models';
import { REPO_ROOT } from './up';

const createLocModelService = (config: ModuleServiceConfig, deps: { readonly registry: Registry; readonly logger: Logger }) =>
  createModuleService({ name: 'loc', role: 'student', config, definition: LOC_MODULE, loader: (spec) => loadModel(spec, config.runtime), api: () => [], ...deps });

describe('vprog models', () => {
  let sut: ServiceUnderTest<typeof loc.LocServiceService>;
  let address: string;

  beforeAll(async () => {
    sut = await startServiceUnderTest(createLocModelService, loc.LocServiceService, { adminDeadlineMs: 60_000 });
    address = sut.service.address;
  }, 120_000);
  afterAll(async () => {
    await sut?.stop();
  });

  async function vprog(...args: string[]): Promise<string> {
    let out = '';
    const program = new Command('vprog').exitOverride().configureOutput({ writeErr: () => undefined });
    registerModelsCommands(program, { out: (t) => void (out += t) });
    await program.parseAsync(['models', ...args, '--address', address], { from: 'user' });
    return out;
  }

  it('lists the seeded version as ACTIVE, as a table and as JSON', async () => {
    const table = (await vprog('list')).split('\n');
    expect(table[0]).toBe('loc-student');
    expect(table[1]).toMatch(/^version\s+state\s+parent\s+created\s+alpha\s+metrics$/);
    expect(table[2]).toMatch(/^v1\s+ACTIVE\s+—\s+\S+\s+—\s+/);
    const listed = JSON.parse(await vprog('list', '--json')) as { model: string; versions: Array<{ version: string; state: string; parent: string }> };
    expect(listed.model).toBe('loc-student');
    expect(listed.versions).toEqual([expect.objectContaining({ version: 'v1', state: 'ACTIVE', parent: '' })]);
  });

  it('activates another version, guarded by --expect-active, and rolls back to the previous one', async () => {
    const clone = await cloneVersion(sut.models.registry.model('loc', 'student'), 'v1');
    await expect(vprog('activate', clone.version, '--expect-active', 'v7')).rejects.toThrow(/^\[ABORTED\/ACTIVE_VERSION_MISMATCH\] /);
    expect(await vprog('activate', clone.version, '--expect-active', 'v1')).toBe(`active: ${clone.version} (previous: v1)\n`);
    const listed = JSON.parse(await vprog('list', '--json')) as { versions: Array<{ version: string; state: string; parent: string }> };
    expect(listed.versions.map((v) => [v.version, v.state, v.parent])).toEqual([
      [clone.version, 'ACTIVE', 'v1'],
      ['v1', 'INACTIVE', ''],
    ]);
    expect(await vprog('rollback')).toBe(`rolled back ${clone.version}; active: v1\n`);
  }, 120_000);

  it('fails on an unknown version with one line naming the code and reason, and exits non-zero', async () => {
    await expect(vprog('activate', 'v99')).rejects.toThrow(/^\[NOT_FOUND\/VERSION_NOT_FOUND\] .*v99/);
    const run = promisify(execFile)(process.execPath, ['--require', 'tsx/cjs', 'tools/cli/src/main.ts', 'models', 'activate', 'v99', '--address', address], { cwd: REPO_ROOT });
    const failure = (await run.then(() => undefined, (error: unknown) => error)) as { code?: number; stdout: string; stderr: string } | undefined;
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toBe('');
    expect(failure?.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^vprog: \[NOT_FOUND\/VERSION_NOT_FOUND\] .*v99/)]);
  }, 60_000);

  it('finds a module on the default ports of vprog up, and asks for an address or module otherwise', () => {
    expect(modelAddress({ module: 'vqa', role: 'teacher', host: '127.0.0.1' })).toBe('127.0.0.1:50062');
    expect(modelAddress({ module: 'loc', role: 'student', host: '10.0.0.5', port: 6000 })).toBe('10.0.0.5:6000');
    expect(() => modelAddress({ role: 'student', host: '127.0.0.1' })).toThrow(/--address host:port, or --module/);
    expect(() => modelAddress({ module: 'ocr', role: 'student', host: '127.0.0.1' })).toThrow(/unknown module or role "ocr\/student"/);
  });
});
