import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type Stack } from '../tools/cli/src/commands/up';
import { coordinatorEnv, startCoordinatorProcess, type CoordinatorProcess } from '../services/distill-coordinator/src/testing/coordinator-process';

/**
 * The real stack of the distillation e2e specs: every student and teacher service and the runner,
 * on loopback, in a temp state folder, without the stack's own coordinator — the spec starts (and
 * may kill and restart) a coordinator process on `dbPath`. Test support only.
 */
export interface CoordinatorStack {
  /** The state folder (models, traces, the coordinator's database). */
  readonly dir: string;
  readonly stack: Stack;
  /** The coordinator's SQLite state. */
  readonly dbPath: string;
  /** Starts a coordinator process on the stack; the last one started is stopped by `stop`. */
  startCoordinator(): Promise<CoordinatorProcess>;
  /** Stops the last coordinator and the stack, and removes the state folder. */
  stop(): Promise<void>;
}

/**
 * Starts the stack in a fresh temp folder named after `prefix`; `coordinatorExtraEnv` is added to
 * every coordinator's environment.
 * @throws Error when a service does not become ready (the folder is removed first).
 */
export async function startCoordinatorStack(prefix: string, coordinatorExtraEnv: Record<string, string> = {}): Promise<CoordinatorStack> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let stack: Stack;
  try {
    stack = await startStack({ host: '127.0.0.1', ephemeral: true, stateDir: dir, runner: true, readyTimeoutMs: 120_000, coordinator: false });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const dbPath = join(dir, 'coordinator.db');
  let current: CoordinatorProcess | undefined;
  return {
    dir,
    stack,
    dbPath,
    startCoordinator: async () => (current = await startCoordinatorProcess(coordinatorEnv(stack.services, dir, dbPath, coordinatorExtraEnv))),
    stop: async () => {
      await current?.stop();
      await stack.stop(5_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
