/**
 * Is the DAG runner measurably parallel? One NLVR gold program whose LEFT and RIGHT branches are
 * independent runs on real services (a stack started as `vprog up --ephemeral` starts it, or the
 * runner at `--runner`/`VPROG_RUNNER_ADDR`) both as a DAG and with `maxParallelSteps: 1` (steps
 * one after another), interleaved in the same run; it prints the median latency of each and their
 * ratio.
 *
 *   npx tsx bench/nlvr-parallel.ts [--runner HOST:PORT] [--reps N] [--warmup N] [--seed-from DIR] [--teacher]
 *
 * `--warmup` rounds of both modes run first, unmeasured (default 10). `--teacher` routes VQA to its
 * teacher sidecar instead of the student. The default 200 runs a side keep the 90 % interval of the
 * ratio within about ±0.03 on a 2-core machine; 25 left it several times as wide.
 *
 * Target: DAG / sequential ≤ 0.65.
 */
import { parseArgs } from 'node:util';
import { createClient } from '@vprog/grpc-kit';
import { common, runner } from '@vprog/proto-ts';
import { encodePng, generateTaskItems, renderTaskImage, type TaskItem } from '@vprog/world';
import { startStack } from './stack';
import { bootstrapMedianRatio, median } from './stats';

const TARGET = 0.65;

/** The first NLVR item whose program reads both LEFT and RIGHT before combining them. */
function pairItem(): TaskItem {
  const items = generateTaskItems('nlvr-shapes', { split: 'test', seed: 1, count: 64 });
  const item = items.find((i) => /image=LEFT/.test(i.program) && /image=RIGHT/.test(i.program) && i.program.split('\n').length >= 4);
  if (item === undefined) throw new Error('no NLVR test item with two independent branches');
  return item;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runner: { type: 'string' }, reps: { type: 'string', default: '200' }, warmup: { type: 'string', default: '10' }, 'seed-from': { type: 'string' }, teacher: { type: 'boolean', default: false } } });
  const reps = Number(values.reps);
  const warmup = Number(values.warmup);
  if (!Number.isInteger(reps) || reps < 1 || !Number.isInteger(warmup) || warmup < 0) throw new Error('--reps must be a positive integer and --warmup a non-negative one');
  const item = pairItem();
  const images = Object.fromEntries(item.images.map((image) => [image.name, { source: { $case: 'encoded' as const, value: encodePng(renderTaskImage(image)) } }]));
  const given = values.runner ?? process.env.VPROG_RUNNER_ADDR;
  const stack = given === undefined ? await startStack(values['seed-from'] ?? process.env.VPROG_MODELS_DIR) : undefined;
  const address = given ?? stack?.service('runner').address ?? '';
  const client = createClient(runner.RunnerServiceClient, address);
  const once = async (maxParallelSteps: number): Promise<number> => {
    const request: runner.ExecuteRequest = { images, source: { $case: 'program', value: item.program }, task: item.task, options: { moduleOverrides: values.teacher ? [{ module: common.Module.MODULE_VQA, useTeacher: true, modelVersion: '' }] : [], maxParallelSteps, includeRationaleHtml: false, skipTrace: true } };
    let latency = Number.NaN;
    for await (const event of client.execute(request, { deadlineMs: 60_000 })) if (event.event?.$case === 'result') latency = event.event.value.latencyMs;
    return latency;
  };
  try {
    process.stdout.write(`program (${item.id}):\n${item.program}\n\n`);
    for (let i = 0; i < warmup; i++) {
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
    process.stdout.write(`runs: ${reps} each, interleaved, after ${warmup} warm-up rounds\n`);
    process.stdout.write(`DAG        median ${median(dag).toFixed(1)} ms  [${dag.map((x) => x.toFixed(0)).join(' ')}]\n`);
    process.stdout.write(`sequential median ${median(sequential).toFixed(1)} ms  [${sequential.map((x) => x.toFixed(0)).join(' ')}]\n`);
    const interval = bootstrapMedianRatio(dag, sequential);
    process.stdout.write(`ratio ${ratio.toFixed(3)} (target ≤ ${TARGET}) ${ratio <= TARGET ? 'PASS' : 'FAIL'}\n`);
    process.stdout.write(`ratio 90% bootstrap interval ${interval.low.toFixed(3)}–${interval.high.toFixed(3)}\n`);
  } finally {
    client.$close();
    await stack?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
