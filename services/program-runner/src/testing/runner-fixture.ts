/**
 * Starts a runner for tests: real grpc-js server on 127.0.0.1:0, trace store in a temporary
 * folder, module addresses from the given fakes (or any address), and a typed client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, silentLogger, type VprogClient } from '@vprog/grpc-kit';
import { runner, type common } from '@vprog/proto-ts';
import { encodePng, generateTaskItems, renderTaskImage, type TaskItem } from '@vprog/world';
import { parseRunnerConfig, type Env } from '../config';
import { startRunnerServer, type RunningRunner } from '../server';
import type { FakeModules } from './fake-modules';

/** A runner under test with its client and scratch folder. */
export interface RunnerFixture {
  readonly runner: RunningRunner;
  readonly client: VprogClient<typeof runner.RunnerServiceService>;
  readonly dir: string;
  close(): Promise<void>;
}

/** The env keys that point every module (and teacher) at the given fakes. */
export function moduleEnv(students: FakeModules, teachers?: FakeModules): Env {
  const env: Record<string, string> = {};
  for (const m of ['loc', 'facedet', 'classify', 'vqa'] as const) {
    env[`VPROG_RUNNER_${m.toUpperCase()}_ADDRESS`] = students[m].address;
    if (teachers !== undefined) env[`VPROG_RUNNER_${m.toUpperCase()}_TEACHER_ADDRESS`] = teachers[m].address;
  }
  return env;
}

/** Starts a runner with `env` over the test defaults (loopback, port 0, store in a temp folder, no request log). */
export async function startRunnerFixture(env: Env = {}): Promise<RunnerFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'vprog-runner-'));
  const config = parseRunnerConfig({ VPROG_RUNNER_HOST: '127.0.0.1', VPROG_RUNNER_PORT: '0', VPROG_RUNNER_REQUEST_LOG: 'false', VPROG_RUNNER_TRACE_DB: join(dir, 'trace.db'), VPROG_RUNNER_TRACE_BLOBS: join(dir, 'blobs'), ...env }, dir);
  const running = await startRunnerServer(config, { logger: silentLogger });
  const client = createClient(runner.RunnerServiceClient, running.address, { defaultDeadlineMs: 20_000 });
  return {
    runner: running,
    client,
    dir,
    async close() {
      client.$close();
      await running.shutdown(500);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The images of a task item as Execute wants them (PNG bytes). */
export function itemImages(item: TaskItem): Record<string, common.Image> {
  return Object.fromEntries(item.images.map((image) => [image.name, { source: { $case: 'encoded', value: encodePng(renderTaskImage(image)) } }]));
}

/** The first `count` dev items of a task. */
export function devItems(task: string, count: number): TaskItem[] {
  return generateTaskItems(task, { split: 'dev', seed: 0, count });
}

/** Reads a whole Execute stream; the error of a failed stream is returned beside the events. */
export async function collect(stream: AsyncIterable<runner.ExecuteResponse>): Promise<{ events: runner.ExecuteResponse[]; error?: unknown }> {
  const events: runner.ExecuteResponse[] = [];
  try {
    for await (const event of stream) events.push(event);
    return { events };
  } catch (error) {
    return { events, error };
  }
}

/** An Execute request with the proto defaults filled in. */
export function executeRequest(fields: Partial<runner.ExecuteRequest>): runner.ExecuteRequest {
  return { images: {}, task: '', ...fields };
}

/** The options of an Execute request with the proto defaults filled in. */
export function executeOptions(fields: Partial<runner.ExecuteOptions>): runner.ExecuteOptions {
  return { moduleOverrides: [], maxParallelSteps: 0, includeRationaleHtml: false, skipTrace: false, ...fields };
}
