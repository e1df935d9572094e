/**
 * What does one module call cost, and on which threads? One VQA Answer at a time (a rendered
 * 128×128 scene as raw pixels, as the runner sends it) against a bare gRPC round trip to the same
 * process (`grpc.health.v1.Health/Check`, which runs none of vprog's handlers), on a stack started
 * as `vprog up --ephemeral` starts it. The two alternate in rounds; for each it prints the median
 * latency seen by the client and the CPU time per call of the service's main thread, of its other
 * threads (the onnxruntime worker, V8's garbage collector and compiler helpers, libuv) and of this
 * client.
 *
 *   npx tsx bench/call-cost.ts [--calls 300] [--rounds 3] [--seed-from DIR]
 *
 * It reads per-thread CPU from /proc, so it runs on Linux only. No target: it explains where the
 * time of `nlvr-parallel.ts` goes (see bench/README.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { createClient } from '@vprog/grpc-kit';
import { vqa } from '@vprog/proto-ts';
import { generateTaskItems, renderTaskImage } from '@vprog/world';
import { startStack } from './stack';
import { median } from './stats';

const CLOCK_TICK_MS = 10;

/** CPU milliseconds (user + system) of each thread of a process, by thread id. */
function threadCpu(pid: number): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    cpu.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS);
  }
  return cpu;
}

interface Cost {
  readonly latencyMs: number[];
  main: number;
  others: number;
  client: number;
  calls: number;
}

async function measure(pid: number, calls: number, once: () => Promise<void>, into: Cost): Promise<void> {
  const before = threadCpu(pid);
  const clientBefore = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await once();
    into.latencyMs.push(performance.now() - started);
  }
  const client = process.cpuUsage(clientBefore);
  for (const [tid, ms] of threadCpu(pid)) {
    const spent = ms - (before.get(tid) ?? 0);
    if (tid === pid) into.main += spent;
    else into.others += spent;
  }
  into.client += (client.user + client.system) / 1000;
  into.calls += calls;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { calls: { type: 'string', default: '300' }, rounds: { type: 'string', default: '3' }, 'seed-from': { type: 'string' } } });
  const calls = Number(values.calls);
  const rounds = Number(values.rounds);
  const stack = await startStack(values['seed-from'] ?? process.env.VPROG_MODELS_DIR);
  const student = stack.service('student', 'vqa');
  const pid = student.process.pid;
  if (pid === undefined) throw new Error('the vqa student has no process id');
  const client = createClient(vqa.VqaServiceClient, student.address);
  const bare = new grpc.Client(student.address, grpc.credentials.createInsecure());
  try {
    const item = generateTaskItems('nlvr-shapes', { split: 'test', seed: 1, count: 1 })[0];
    const pixels = renderTaskImage(item.images[0]);
    const image = { source: { $case: 'raw' as const, value: { width: pixels.width, height: pixels.height, channels: 3, data: Buffer.from(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength) } } };
    const answer = async (): Promise<void> => {
      await client.answer({ image, question: 'How many purple shapes are in the image?', topK: 3 }, { deadlineMs: 10_000 });
    };
    const check = (): Promise<void> =>
      new Promise((done, fail) => {
        const identity = (bytes: Buffer): Buffer => bytes;
        bare.makeUnaryRequest('/grpc.health.v1.Health/Check', identity, identity, Buffer.alloc(0), (error) => (error ? fail(error) : done()));
      });
    for (let i = 0; i < 30; i++) {
      await answer();
      await check();
    }
    const costs: Record<'answer' | 'check', Cost> = {
      answer: { latencyMs: [], main: 0, others: 0, client: 0, calls: 0 },
      check: { latencyMs: [], main: 0, others: 0, client: 0, calls: 0 },
    };
    for (let round = 0; round < rounds; round++) {
      await measure(pid, calls, answer, costs.answer);
      await measure(pid, calls, check, costs.check);
    }
    process.stdout.write(`${rounds} rounds of ${calls} calls each, alternating; per call:\n`);
    process.stdout.write('call                      latency (median)  service main thread  service other threads  client\n');
    for (const [name, cost] of [['vqa Answer (raw 128x128)', costs.answer], ['bare health check', costs.check]] as const) {
      const per = (ms: number): string => `${(ms / cost.calls).toFixed(2)} ms`;
      process.stdout.write(`${name.padEnd(26)}${`${median(cost.latencyMs).toFixed(2)} ms`.padEnd(18)}${per(cost.main).padEnd(21)}${per(cost.others).padEnd(23)}${per(cost.client)}\n`);
    }
  } finally {
    client.$close();
    bare.close();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
