/**
 * Is the DAG runner measurably parallel? One NLVR gold program whose LEFT and RIGHT branches are
 * independent runs on real services (a stack started with `vprog up --ephemeral`, or the runner at
 * `--runner`/`VPROG_RUNNER_ADDR`) both as a DAG and with `maxParallelSteps: 1` (steps one after
 * another), interleaved in the same run; it prints the median latency of each and their ratio.
 *
 *   npx tsx bench/nlvr-parallel.ts [--runner HOST:PORT] [--reps N] [--seed-from DIR] [--teacher]
 *
 * `--teacher` routes VQA to its teacher sidecar instead of the student.
 *
 * Target: DAG / sequential ≤ 0.65.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createClient } from '@vprog/grpc-kit';
import { common, runner } from '@vprog/proto-ts';
import { encodePng, generateTaskItems, renderTaskImage, type TaskItem } from '@vprog/world';
import { bootstrapMedianRatio, median } from './stats';

const TARGET = 0.65;
const ROOT = resolve(__dirname, '..');

/** The first NLVR item whose program reads both LEFT and RIGHT before combining them. */
function pairItem(): TaskItem {
  const items = generateTaskItems('nlvr-shapes', { split: 'test', seed: 1, count: 64 });
  const item = items.find((i) => /image=LEFT/.test(i.program) && /image=RIGHT/.test(i.program) && i.program.split('\n').length >= 4);
  if (item === undefined) throw new Error('no NLVR test item with two independent branches');
  return item;
}

/** Starts `vprog up --ephemeral --json` and resolves with the runner address and the process. */
async function startUp(stateDir: string, seedFrom: string | undefined): Promise<{ address: string; child: ChildProcess }> {
  const args = ['--require', 'tsx/cjs', join('tools', 'cli', 'src', 'main.ts'), 'up', '--ephemeral', '--json', '--quiet', '--state-dir', stateDir, ...(seedFrom === undefined ? [] : ['--seed-from', seedFrom])];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((done, fail) => {
    child.once('exit', (code) => fail(new Error(`vprog up exited (code ${code ?? 'none'}) before it was up`)));
    if (child.stdout === null) return fail(new Error('no stdout from vprog up'));
    createInterface({ input: child.stdout }).once('line', done);
  });
  const { services } = JSON.parse(line) as { services: Array<{ role: string; address: string }> };
  const address = services.find((s) => s.role === 'runner')?.address;
  if (address === undefined) throw new Error('vprog up started no runner');
  return { address, child };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runner: { type: 'string' }, reps: { type: 'string', default: '25' }, 'seed-from': { type: 'string' }, teacher: { type: 'boolean', default: false } } });
  const reps = Number(values.reps);
  const item = pairItem();
  const images = Object.fromEntries(item.images.map((image) => [image.name, { source: { $case: 'encoded' as const, value: encodePng(renderTaskImage(image)) } }]));
  const given = values.runner ?? process.env.VPROG_RUNNER_ADDR;
  const stateDir = given === undefined ? mkdtempSync(join(tmpdir(), 'vprog-bench-')) : undefined;
  const up = stateDir === undefined ? undefined : await startUp(stateDir, values['seed-from'] ?? process.env.VPROG_MODELS_DIR);
  const address = given ?? up?.address ?? '';
  const client = createClient(runner.RunnerServiceClient, address);
  const once = async (maxParallelSteps: number): Promise<number> => {
    const request: runner.ExecuteRequest = { images, source: { $case: 'program', value: item.program }, task: item.task, options: { moduleOverrides: values.teacher ? [{ module: common.Module.MODULE_VQA, useTeacher: true, modelVersion: '' }] : [], maxParallelSteps, includeRationaleHtml: false, skipTrace: true } };
    let latency = Number.NaN;
    for await (const event of client.execute(request, { deadlineMs: 60_000 })) if (event.event?.$case === 'result') latency = event.event.value.latencyMs;
    return latency;
  };
  try {
    process.stdout.write(`program (${item.id}):\n${item.program}\n\n`);
    for (let i = 0; i < 2; i++) {
      await once(0);
      await once(1);
    }
    const dag: number[] = [];
    const sequential: number[] = [];
    for (let i = 0; i < reps; i++) {
      dag.push(await once(0));
      sequential.push(await once(1));
    }
    const ratio = median(dag) / median(sequential);
    process.stdout.write(`runs: ${reps} each, interleaved, after 2 warm-ups\n`);
    process.stdout.write(`DAG        median ${median(dag).toFixed(1)} ms  [${dag.map((x) => x.toFixed(0)).join(' ')}]\n`);
    process.stdout.write(`sequential median ${median(sequential).toFixed(1)} ms  [${sequential.map((x) => x.toFixed(0)).join(' ')}]\n`);
    const interval = bootstrapMedianRatio(dag, sequential);
    process.stdout.write(`ratio ${ratio.toFixed(3)} (target ≤ ${TARGET}) ${ratio <= TARGET ? 'PASS' : 'FAIL'}\n`);
    process.stdout.write(`ratio 90% bootstrap interval ${interval.low.toFixed(3)}–${interval.high.toFixed(3)}\n`);
  } finally {
    client.$close();
    if (up !== undefined) {
      up.child.kill('SIGTERM');
      await new Promise((done) => up.child.once('exit', done));
    }
    if (stateDir !== undefined) rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
