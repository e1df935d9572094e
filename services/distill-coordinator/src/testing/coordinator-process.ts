import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createClient, isServiceReadyMessage, type VprogClient } from '@vprog/grpc-kit';
import { distill, model } from '@vprog/proto-ts';

/** The repository root, where services start from. */
const ROOT = join(__dirname, '..', '..', '..', '..');

/** A stack service as `startStack` reports it (name, role, address). */
export interface StackEndpoint {
  readonly name: string;
  readonly role: string;
  readonly address: string;
}

/** A coordinator started as its own process. */
export interface CoordinatorProcess {
  readonly address: string;
  readonly process: ChildProcess;
  readonly client: VprogClient<typeof distill.CoordinatorServiceService>;
  /** The last lines of its stderr, for failure messages. */
  tail(): string;
  /** SIGKILL, as a crash would; resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM; resolves once it exited. */
  stop(): Promise<void>;
}

/**
 * The coordinator's environment for a stack started by `vprog up`'s `startStack`: the runner, every
 * student and teacher, the runner's trace store under `<stateDir>/traces` and its own state file.
 * Throws nothing.
 */
export function coordinatorEnv(services: readonly StackEndpoint[], stateDir: string, dbPath: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    VPROG_COORDINATOR_HOST: '127.0.0.1',
    VPROG_COORDINATOR_PORT: '0',
    VPROG_COORDINATOR_DB: dbPath,
    VPROG_COORDINATOR_TRACE_DB: join(stateDir, 'traces', 'trace.db'),
    VPROG_COORDINATOR_TRACE_BLOBS: join(stateDir, 'traces', 'blobs'),
    VPROG_COORDINATOR_REQUEST_LOG: 'false',
    ...extra,
  };
  for (const s of services) {
    if (s.role === 'runner') env.VPROG_COORDINATOR_RUNNER_ADDRESS = s.address;
    else if (s.role === 'student' || s.role === 'teacher') env[`VPROG_COORDINATOR_${s.name.toUpperCase()}_${s.role === 'teacher' ? 'TEACHER_ADDRESS' : 'ADDRESS'}`] = s.address;
  }
  return env;
}

/**
 * Starts `services/distill-coordinator/src/main.ts` as a child process (tsx and the telemetry
 * preload, as deployed) and resolves once it reports ready over IPC.
 * @throws Error with its stderr when it exits first or is not ready within `timeoutMs`.
 */
export function startCoordinatorProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<CoordinatorProcess> {
  const child = fork(join(ROOT, 'services', 'distill-coordinator', 'src', 'main.ts'), [], {
    cwd: ROOT,
    execArgv: ['--require', 'tsx/cjs', '--require', join(ROOT, 'libs', 'telemetry', 'src', 'register.ts')],
    env: { ...process.env, OTEL_SDK_DISABLED: 'true', ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const lines: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== '')));
  const tail = () => lines.slice(-40).join('\n');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`coordinator not ready in ${timeoutMs} ms:\n${tail()}`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`coordinator exited with ${code}:\n${tail()}`));
    });
    child.on('message', (message: unknown) => {
      if (!isServiceReadyMessage(message)) return;
      clearTimeout(timer);
      const client = createClient(distill.CoordinatorServiceService, message.address);
      const end = async (signal: NodeJS.Signals) => {
        client.$close();
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        await exited;
      };
      resolve({ address: message.address, process: child, client, tail, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') });
    });
  });
}

/** A student's ModelService client. Throws nothing. */
export function modelClient(address: string): VprogClient<typeof model.ModelServiceService> {
  return createClient(model.ModelServiceService, address);
}
