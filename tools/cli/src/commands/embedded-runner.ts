import { startStack } from './up';

/**
 * `vprog run` and `vprog eval` work with no stack running: given a runner address (flag or
 * `VPROG_RUNNER_ADDR`) they use it; with none they start an embedded stack on loopback (ephemeral
 * ports, state under `stateDir`), use its runner, and stop it afterwards.
 */

/** Options of {@link withRunner}. */
export interface WithRunnerOptions {
  /** An explicit runner address; undefined falls back to `VPROG_RUNNER_ADDR`, then to an embedded stack. */
  readonly runner?: string;
  readonly stateDir: string;
  /** Progress lines about the embedded stack. */
  readonly err: (text: string) => void;
  readonly readyTimeoutMs?: number;
  /** What ends the process after SIGINT/SIGTERM stopped the embedded stack (default `process.exit`); a seam for tests. */
  readonly exit?: (code: number) => void;
}

/**
 * Calls `use` with a runner address and resolves with its result; an embedded stack is always
 * stopped, also when `use` throws.
 * @throws Error when the embedded stack cannot start, and whatever `use` throws.
 */
export async function withRunner<T>(options: WithRunnerOptions, use: (address: string) => Promise<T>): Promise<T> {
  const given = options.runner ?? process.env.VPROG_RUNNER_ADDR;
  if (given !== undefined && given !== '') return use(given);
  options.err(`vprog: no runner given; starting an embedded stack on loopback (state in ${options.stateDir})…\n`);
  const seedFrom = process.env.VPROG_MODELS_DIR;
  const stack = await startStack({
    host: '127.0.0.1',
    ephemeral: true,
    stateDir: options.stateDir,
    runner: true,
    readyTimeoutMs: options.readyTimeoutMs ?? 240_000,
    ...(seedFrom === undefined || seedFrom === '' ? {} : { seedFrom }),
    stopOnSignal: { note: (line) => options.err(`vprog: ${line}\n`), ...(options.exit === undefined ? {} : { exit: options.exit }) },
  });
  try {
    const address = stack.services.find((s) => s.role === 'runner')?.address;
    if (address === undefined) throw new Error('the embedded stack has no program runner');
    return await use(address);
  } finally {
    const clean = await stack.stop();
    if (!clean) options.err('vprog: some embedded services did not stop cleanly\n');
  }
}
