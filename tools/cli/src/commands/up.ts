import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { InvalidArgumentError, type Command } from 'commander';
import { isServiceReadyMessage } from '@vprog/grpc-kit';
import { adminToken } from './admin-token';

/**
 * `vprog up`: the whole stack on loopback for gRPC clients — the eight module services (students
 * and teacher sidecars) and, when they exist, the program runner wired to them and the
 * distillation coordinator wired to the runner, the modules and the runner's trace store. Each runs as its
 * own process (`node --require tsx/cjs --require ./libs/telemetry/src/register.ts
 * services/<name>/src/main.ts`), exactly as it would be deployed; `up` waits until every one
 * says it serves (its `vprog.service.ready` message over IPC, sent once its model is loaded and
 * checked, with the address it bound), prints the endpoints, and on Ctrl-C/SIGTERM stops them all
 * gracefully (SIGTERM, then SIGKILL after a grace period).
 */

/** One process of the stack. */
export interface StackService {
  /** The module (`loc`…), `program-runner` or `distill-coordinator`. */
  readonly name: string;
  readonly role: 'student' | 'teacher' | 'runner' | 'coordinator';
  /** Folder under `services/`. */
  readonly folder: string;
  /** Environment prefix of its keys. */
  readonly prefix: string;
  readonly port: number;
  readonly metricsPort?: number;
}

/** The module services with their default ports (the same as their `config.ts` defaults). */
export const MODULE_SERVICES: readonly StackService[] = [
  { name: 'loc', role: 'student', folder: 'loc', prefix: 'VPROG_LOC', port: 50051, metricsPort: 9151 },
  { name: 'vqa', role: 'student', folder: 'vqa', prefix: 'VPROG_VQA', port: 50052, metricsPort: 9152 },
  { name: 'facedet', role: 'student', folder: 'facedet', prefix: 'VPROG_FACEDET', port: 50053, metricsPort: 9153 },
  { name: 'classify', role: 'student', folder: 'classify', prefix: 'VPROG_CLASSIFY', port: 50054, metricsPort: 9154 },
  { name: 'loc', role: 'teacher', folder: 'loc-teacher', prefix: 'VPROG_LOC_TEACHER', port: 50061, metricsPort: 9161 },
  { name: 'vqa', role: 'teacher', folder: 'vqa-teacher', prefix: 'VPROG_VQA_TEACHER', port: 50062, metricsPort: 9162 },
  { name: 'facedet', role: 'teacher', folder: 'facedet-teacher', prefix: 'VPROG_FACEDET_TEACHER', port: 50063, metricsPort: 9163 },
  { name: 'classify', role: 'teacher', folder: 'classify-teacher', prefix: 'VPROG_CLASSIFY_TEACHER', port: 50064, metricsPort: 9164 },
];

/** The program runner, started once the modules serve. */
export const RUNNER_SERVICE: StackService = { name: 'program-runner', role: 'runner', folder: 'program-runner', prefix: 'VPROG_RUNNER', port: 50060 };

/** The distillation coordinator, started after the runner (it drives programs through it). */
export const COORDINATOR_SERVICE: StackService = { name: 'distill-coordinator', role: 'coordinator', folder: 'distill-coordinator', prefix: 'VPROG_COORDINATOR', port: 50070 };

/** The repository root (services are started from here). */
export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/** Options of {@link startStack}. */
export interface StackOptions {
  readonly host: string;
  /** Pick free ports instead of the defaults (for tests and side-by-side stacks). */
  readonly ephemeral: boolean;
  /** Where models, traces and spans live (`<stateDir>/models`, `<stateDir>/traces`). */
  readonly stateDir: string;
  /** Seed zoo for a fresh model registry; default: each service's default (the committed `models/`). */
  readonly seedFrom?: string;
  /** Start the program runner too when it exists. */
  readonly runner: boolean;
  /** Start the distillation coordinator too when it exists (it needs the runner); default: `runner`. */
  readonly coordinator?: boolean;
  readonly readyTimeoutMs: number;
  /** Where the services' own log lines go (prefixed with the service); undefined drops them. */
  readonly log?: (line: string) => void;
  /**
   * For a stack a command embeds (`vprog distill`, `eval`, `run`): on SIGINT or SIGTERM, stop
   * every service, then call `exit` (default `process.exit`) with 128 + the signal's number. The
   * services run in process groups of their own, so without this an interrupted command would leave
   * them running. Later signals are ignored while the services stop.
   */
  readonly stopOnSignal?: { readonly note: (line: string) => void; readonly exit?: (code: number) => void };
}

/** A started service with its address. */
export interface RunningStackService extends StackService {
  readonly address: string;
  readonly process: ChildProcess;
}

/** A running stack. */
export interface Stack {
  readonly services: readonly RunningStackService[];
  /** SIGTERM to every process, SIGKILL after `graceMs`; resolves with true when all exited cleanly. */
  stop(graceMs?: number): Promise<boolean>;
}

/**
 * Starts every service as a child process and waits until each is SERVING.
 * @throws Error naming the service when one exits early or is not SERVING within the timeout (the
 *   others are stopped first).
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const stateDir = resolve(options.stateDir);
  // Ephemeral services bind port 0 and report the port they got (their `vprog.service.ready`
  // message): a port picked here and bound there later could be taken in between, by one of the
  // stack's own outgoing connections among others.
  const ephemeral = (service: StackService): StackService => (options.ephemeral ? { ...service, port: 0, ...(service.metricsPort === undefined ? {} : { metricsPort: 0 }) } : service);
  const running: RunningStackService[] = [];
  const release = options.stopOnSignal === undefined ? () => undefined : guardSignals(() => stopAll(running, 15_000), options.stopOnSignal);
  const stop = (graceMs = 15_000) => {
    release();
    return stopAll(running, graceMs);
  };
  const launch = async (services: readonly StackService[], extraEnv: (s: StackService) => Record<string, string>) => {
    const started = services.map((service) => spawnService(service, options, { ...serviceEnv(service, options, stateDir), ...extraEnv(service) }));
    running.push(...started.map((s) => s.service));
    await Promise.all(started.map((s) => s.ready));
  };
  try {
    await launch(MODULE_SERVICES.map(ephemeral), () => ({}));
    if (options.runner && serviceExists(RUNNER_SERVICE)) {
      await launch([ephemeral(RUNNER_SERVICE)], () => runnerEnv(running, stateDir));
      if ((options.coordinator ?? options.runner) && serviceExists(COORDINATOR_SERVICE)) {
        mkdirSync(join(stateDir, 'distill'), { recursive: true });
        await launch([ephemeral(COORDINATOR_SERVICE)], () => coordinatorEnv(running, stateDir));
      }
    }
  } catch (error) {
    await stop(5_000);
    throw error;
  }
  return { services: running, stop };
}

const SIGNAL_EXIT_CODES: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

/** Installs the handlers of {@link StackOptions.stopOnSignal}; returns what removes them. */
function guardSignals(stop: () => Promise<boolean>, { note, exit = (code: number) => process.exit(code) }: NonNullable<StackOptions['stopOnSignal']>): () => void {
  const ignore = (): void => undefined;
  const release = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    release();
    process.on('SIGINT', ignore);
    process.on('SIGTERM', ignore);
    note(`${signal}: stopping the embedded services…`);
    void stop().then((clean) => {
      if (!clean) note('some embedded services did not stop cleanly');
      process.off('SIGINT', ignore);
      process.off('SIGTERM', ignore);
      exit(SIGNAL_EXIT_CODES[signal] ?? 1);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return release;
}

/** True when the service's entry point is in this checkout (the runner and coordinator came later). */
function serviceExists(service: StackService): boolean {
  return existsSync(join(REPO_ROOT, 'services', service.folder, 'src', 'main.ts'));
}

function serviceEnv(service: StackService, options: StackOptions, stateDir: string): Record<string, string> {
  const p = service.prefix;
  const isModule = service.role === 'student' || service.role === 'teacher';
  const token = isModule || service.role === 'coordinator' ? adminToken() : undefined;
  return {
    OTEL_SERVICE_NAME: `vprog-${service.folder}`,
    VPROG_TRACE_FILE: process.env.VPROG_TRACE_FILE ?? join(stateDir, 'traces', 'spans.jsonl'),
    [`${p}_HOST`]: options.host,
    [`${p}_PORT`]: String(service.port),
    ...(service.metricsPort !== undefined ? { [`${p}_METRICS_HOST`]: options.host, [`${p}_METRICS_PORT`]: String(service.metricsPort) } : {}),
    ...(isModule ? { [`${p}_MODELS_ROOT`]: join(stateDir, 'models') } : {}),
    ...(isModule && options.seedFrom !== undefined ? { [`${p}_SEED_FROM`]: resolve(options.seedFrom) } : {}),
    // VPROG_ADMIN_TOKEN turns admin auth on across the stack: the module services require it on
    // ModelService's admin RPCs and the coordinator sends it.
    ...(token !== undefined ? { [`${p}_ADMIN_TOKEN`]: token } : {}),
  };
}

/** The runner's module addresses (`VPROG_RUNNER_LOC_ADDRESS`, `..._LOC_TEACHER_ADDRESS`…) and trace store. */
function runnerEnv(modules: readonly RunningStackService[], stateDir: string): Record<string, string> {
  const env: Record<string, string> = { VPROG_RUNNER_TRACE_DB: join(stateDir, 'traces', 'trace.db'), VPROG_RUNNER_TRACE_BLOBS: join(stateDir, 'traces', 'blobs') };
  for (const m of modules) env[`VPROG_RUNNER_${m.name.toUpperCase()}_${m.role === 'teacher' ? 'TEACHER_ADDRESS' : 'ADDRESS'}`] = m.address;
  return env;
}

/**
 * The coordinator's wiring: the runner, every student (`VPROG_COORDINATOR_LOC_ADDRESS`) and teacher
 * sidecar (`..._LOC_TEACHER_ADDRESS`), the runner's trace store it reads calls from, and its own
 * run database.
 */
function coordinatorEnv(services: readonly RunningStackService[], stateDir: string): Record<string, string> {
  const p = COORDINATOR_SERVICE.prefix;
  const env: Record<string, string> = {
    [`${p}_TRACE_DB`]: join(stateDir, 'traces', 'trace.db'),
    [`${p}_TRACE_BLOBS`]: join(stateDir, 'traces', 'blobs'),
    [`${p}_DB`]: join(stateDir, 'distill', 'coordinator.db'),
  };
  for (const s of services) {
    if (s.role === 'runner') env[`${p}_RUNNER_ADDRESS`] = s.address;
    else if (s.role === 'student' || s.role === 'teacher') env[`${p}_${s.name.toUpperCase()}_${s.role === 'teacher' ? 'TEACHER_ADDRESS' : 'ADDRESS'}`] = s.address;
  }
  return env;
}

/** A spawned service and the promise of its being ready; `service.address` is filled in then. */
interface SpawnedService {
  readonly service: RunningStackService;
  readonly ready: Promise<void>;
}

function spawnService(service: StackService, options: StackOptions, env: Record<string, string>): SpawnedService {
  const args = ['--require', 'tsx/cjs', '--require', './libs/telemetry/src/register.ts', join('services', service.folder, 'src', 'main.ts')];
  // A process group of its own: Ctrl-C reaches `up` alone, which then stops the services in order
  // (otherwise each would get SIGINT and then SIGTERM, and treat the second as "force"). The IPC
  // channel carries the service's ready message with the address it bound.
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: true });
  const label = service.role === 'runner' || service.role === 'coordinator' ? service.name : `${service.name}${service.role === 'teacher' ? '-teacher' : ''}`;
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue;
    createInterface({ input: stream }).on('line', (line) => options.log?.(`[${label}] ${line}`));
  }
  child.once('exit', (code, signal) => options.log?.(`[${label}] exited (code ${code ?? 'none'}, signal ${signal ?? 'none'})`));
  const running: { -readonly [K in keyof RunningStackService]: RunningStackService[K] } = { ...service, address: `${options.host}:${service.port}`, process: child };
  const ready = whenReady(child, service, options.readyTimeoutMs).then((address) => {
    running.address = address;
    running.port = Number(address.slice(address.lastIndexOf(':') + 1));
    // The ready message is the service's last word over IPC; an open channel would keep `up`'s
    // event loop waiting on it.
    child.disconnect();
  });
  return { service: running, ready };
}

/**
 * Resolves with the address the service reports in its `vprog.service.ready` message, sent once
 * it serves (its model loaded and checked); rejects if its process exits first or the timeout passes.
 */
function whenReady(child: ChildProcess, service: StackService, timeoutMs: number): Promise<string> {
  return new Promise<string>((done, fail) => {
    const timer = setTimeout(() => finish(new Error(`${service.folder} was not ready within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: unknown): void => {
      if (isServiceReadyMessage(message)) finish(undefined, message.address);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      finish(new Error(`${service.folder} exited before it was SERVING (code ${code ?? 'none'}, signal ${signal ?? 'none'})`));
    };
    function finish(error: Error | undefined, address?: string): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error !== undefined) fail(error);
      else done(address ?? '');
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function stopAll(services: readonly RunningStackService[], graceMs: number): Promise<boolean> {
  const results = await Promise.all(
    services.map(
      (s) =>
        new Promise<boolean>((done) => {
          const child = s.process;
          if (child.exitCode !== null || child.signalCode !== null) {
            done(child.exitCode === 0);
            return;
          }
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          child.once('exit', (code) => {
            clearTimeout(timer);
            done(code === 0);
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  return results.every(Boolean);
}

/** Where `vprog up` writes: its endpoint line(s) and its progress/log lines. */
export interface UpIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive integer, got "${value}".`);
  return n;
};

/**
 * Registers `vprog up`. With `--json` stdout gets exactly one line,
 * `{"services":[{"name":"loc","role":"student","address":"127.0.0.1:50051","pid":4242},…]}`
 * (`name` is the module, `role` tells the student from its teacher sidecar; the runner is
 * `program-runner` / `runner`, the coordinator `distill-coordinator` / `coordinator`; `pid` is the
 * service's process); everything else goes to stderr.
 */
export function registerUpCommands(program: Command, io: UpIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }): void {
  program
    .command('up')
    .description('start every module service, teacher sidecar, the program runner and the distillation coordinator on loopback; stop them on Ctrl-C/SIGTERM')
    .option('--json', 'print the endpoints as one JSON line')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--ephemeral', 'use free ports instead of the default ones (50051… for modules, 50060 for the runner, 50070 for the coordinator)')
    .option('--state-dir <dir>', 'models registry, traces and spans go under this folder', '.vprog')
    .option('--seed-from <dir>', 'model zoo to seed an empty registry from (default: the committed models/)')
    .option('--no-runner', 'start only the module services')
    .option('--no-coordinator', 'do not start the distillation coordinator')
    .option('--ready-timeout-ms <ms>', 'how long to wait for every service to be SERVING', positiveInt, 180_000)
    .option('--quiet', "do not forward the services' log lines to stderr")
    .option('--exit-after-ready', 'stop everything again once it is up (a smoke test)')
    .action(async (flags: { json?: boolean; host: string; ephemeral?: boolean; stateDir: string; seedFrom?: string; runner: boolean; coordinator: boolean; readyTimeoutMs: number; quiet?: boolean; exitAfterReady?: boolean }) => {
      const stack = await startStack({
        host: flags.host,
        ephemeral: flags.ephemeral === true,
        stateDir: flags.stateDir,
        ...(flags.seedFrom !== undefined ? { seedFrom: flags.seedFrom } : {}),
        runner: flags.runner,
        coordinator: flags.runner && flags.coordinator,
        readyTimeoutMs: flags.readyTimeoutMs,
        ...(flags.quiet ? {} : { log: (line: string) => io.err(`${line}\n`) }),
      });
      const endpoints = stack.services.map((s) => ({ name: s.name, role: s.role, address: s.address, pid: s.process.pid }));
      if (flags.json) io.out(`${JSON.stringify({ services: endpoints })}\n`);
      else io.out(`vprog is up:\n${endpoints.map((e) => `  ${e.name.padEnd(15)} ${e.role.padEnd(8)} ${e.address}`).join('\n')}\nCtrl-C stops everything.\n`);
      const clean = flags.exitAfterReady ? await stack.stop() : await untilSignal(() => stack.stop(), io);
      if (!clean) {
        io.err('vprog up: some services did not stop cleanly\n');
        process.exitCode = 1;
      }
    });
}

/** Waits for SIGINT or SIGTERM, then stops the stack; a second signal is ignored while stopping. */
function untilSignal(stop: () => Promise<boolean>, io: UpIo): Promise<boolean> {
  return new Promise((done) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.on('SIGINT', ignore);
      process.on('SIGTERM', ignore);
      io.err(`vprog up: ${signal}: stopping every service\n`);
      void stop().then((clean) => {
        process.off('SIGINT', ignore);
        process.off('SIGTERM', ignore);
        done(clean);
      });
    };
    const ignore = (): void => undefined;
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
