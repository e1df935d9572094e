/**
 * A whole local stack for a bench: the CLI's own `startStack` (what `vprog up --ephemeral` runs)
 * over a temp state folder, seeded from the committed zoo or `seedFrom`, with helpers to find a
 * service and to stop everything and remove the folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack as startServices, type RunningStackService } from '../tools/cli/src/commands/up';

export interface BenchStack {
  readonly services: readonly RunningStackService[];
  /** The service with this role (and name, for modules). @throws Error when there is none. */
  service(role: string, name?: string): RunningStackService;
  stop(): Promise<void>;
}

/**
 * Starts every service on loopback with free ports and waits until each serves.
 * @throws Error naming the service that failed to start (the others are stopped, the folder removed).
 */
export async function startStack(seedFrom?: string): Promise<BenchStack> {
  const stateDir = mkdtempSync(join(tmpdir(), 'vprog-bench-'));
  try {
    const stack = await startServices({
      host: '127.0.0.1',
      ephemeral: true,
      stateDir,
      runner: true,
      readyTimeoutMs: 240_000,
      ...(seedFrom === undefined || seedFrom === '' ? {} : { seedFrom }),
      stopOnSignal: { note: (line) => process.stderr.write(`bench: ${line}\n`) },
    });
    return {
      services: stack.services,
      service(role, name) {
        const found = stack.services.find((s) => s.role === role && (name === undefined || s.name === name));
        if (found === undefined) throw new Error(`the bench stack has no ${name === undefined ? role : `${name} ${role}`}`);
        return found;
      },
      async stop() {
        await stack.stop();
        rmSync(stateDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
}
