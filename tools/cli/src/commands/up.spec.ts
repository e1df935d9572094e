import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { createClient } from '@vprog/grpc-kit';
import { checkHealth, testScene } from '@vprog/module-host';
import { loc } from '@vprog/proto-ts';
import { readSpanFile } from '@vprog/telemetry';
import { REPO_ROOT, registerUpCommands } from './up';

interface Endpoint {
  readonly name: string;
  readonly role: string;
  readonly address: string;
  readonly pid: number;
}

describe('vprog up', () => {
  let stateDir: string;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'vprog-up-'));
  });

  afterAll(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it('starts every service, prints the endpoints as one JSON line, and stops them all on SIGTERM', async () => {
    let out = '';
    let err = '';
    const program = new Command('vprog').exitOverride();
    registerUpCommands(program, { out: (text) => void (out += text), err: (text) => void (err += text) });
    const seed = process.env.VPROG_MODELS_DIR;
    const argv = ['up', '--json', '--ephemeral', '--quiet', '--state-dir', stateDir, ...(seed !== undefined ? ['--seed-from', seed] : [])];
    const exitCodeBefore = process.exitCode;
    const running = program.parseAsync(argv, { from: 'user' });
    let failed: unknown;
    running.catch((error: unknown) => (failed = error));

    for (let waited = 0; !out.includes('\n') && failed === undefined && waited < 170_000; waited += 200) await new Promise((r) => setTimeout(r, 200));
    expect(failed).toBeUndefined();
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const { services } = JSON.parse(lines[0]) as { services: Endpoint[] };

    const modules = services.filter((s) => s.role === 'student' || s.role === 'teacher');
    expect(modules.map((s) => `${s.name}/${s.role}`).sort()).toEqual(
      ['classify/student', 'classify/teacher', 'facedet/student', 'facedet/teacher', 'loc/student', 'loc/teacher', 'vqa/student', 'vqa/teacher'],
    );
    // The coordinator comes up after the runner, in the same stack, once it is in the checkout.
    if (existsSync(join(REPO_ROOT, 'services', 'distill-coordinator', 'src', 'main.ts'))) {
      expect(services.filter((s) => s.role === 'runner' || s.role === 'coordinator').map((s) => `${s.name}/${s.role}`)).toEqual(['program-runner/runner', 'distill-coordinator/coordinator']);
    }
    for (const service of services) {
      expect(service.address).toMatch(/^127\.0\.0\.1:\d+$/);
      // The pid is the service's own process: it exists now and is gone after SIGTERM (below).
      expect(() => process.kill(service.pid, 0)).not.toThrow();
      expect(await checkHealth(service.address)).toBe('SERVING');
    }

    const locStudent = services.find((s) => s.name === 'loc' && s.role === 'student')!;
    const client = createClient(loc.LocServiceService, locStudent.address, { defaultDeadlineMs: 20_000 });
    const image = { source: { $case: 'encoded' as const, value: testScene('studio', 5).png } };
    const answer = await client.locate({ image, object: 'red circle', maxBoxes: 1 });
    client.$close();
    expect(answer.model).toEqual({ name: 'loc-student', version: 'v1' });

    process.emit('SIGTERM', 'SIGTERM');
    await running;
    expect(process.exitCode).toBe(exitCodeBefore);
    expect(err).toMatch(/SIGTERM: stopping every service/);
    for (const service of services) await expect(checkHealth(service.address, { deadlineMs: 500 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    for (const service of services) expect(() => process.kill(service.pid, 0)).toThrow();

    // The services flushed their spans on the way out: the batch span and the call's RPC span
    // carry the vprog.* attributes.
    const spans = await readSpanFile(join(stateDir, 'traces', 'spans.jsonl'));
    const batch = spans.find((span) => span.name === 'module.batch loc');
    expect(batch?.attributes).toMatchObject({ 'vprog.module': 'loc', 'vprog.model.role': 'student', 'vprog.model.version': 'v1', 'vprog.batch.size': 1 });
    const call = spans.find((span) => span.kind === 'SERVER' && span.attributes['vprog.module'] === 'loc');
    expect(call?.attributes).toMatchObject({ 'vprog.model.version': 'v1', 'vprog.batch.size': 1 });
  }, 240_000);
});
