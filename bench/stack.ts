/**
 * A whole local stack for a bench: `vprog up --ephemeral --json --quiet` in a child process over a
 * temp state folder, read until it prints the addresses it bound, and stopped (SIGTERM, then the
 * folder removed) by `stop()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(__dirname, '..');

/** One service of the stack as `vprog up --json` reports it. */
export interface StackService {
  readonly role: string;
  readonly name: string;
  readonly address: string;
  /** The service's process id. */
  readonly pid?: number;
}

export interface BenchStack {
  readonly services: readonly StackService[];
  /** The address of the service with this role (and name, for modules); throws when there is none. */
  address(role: string, name?: string): string;
  stop(): Promise<void>;
}

/**
 * Starts the stack; `seedFrom` seeds its model registry from another models folder (the committed
 * zoo by default).
 * @throws Error when `vprog up` exits before it is up.
 */
export async function startStack(seedFrom?: string): Promise<BenchStack> {
  const stateDir = mkdtempSync(join(tmpdir(), 'vprog-bench-'));
  const args = ['--require', 'tsx/cjs', join('tools', 'cli', 'src', 'main.ts'), 'up', '--ephemeral', '--json', '--quiet', '--state-dir', stateDir, ...(seedFrom === undefined ? [] : ['--seed-from', seedFrom])];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    const line = await new Promise<string>((done, fail) => {
      child.once('exit', (code) => fail(new Error(`vprog up exited (code ${code ?? 'none'}) before it was up`)));
      if (child.stdout === null) return fail(new Error('no stdout from vprog up'));
      createInterface({ input: child.stdout }).once('line', done);
    });
    const { services } = JSON.parse(line) as { services: StackService[] };
    return {
      services,
      address(role, name) {
        const found = services.find((s) => s.role === role && (name === undefined || s.name === name));
        if (found === undefined) throw new Error(`vprog up started no ${name ?? ''} ${role}`.replace(/\s+/g, ' '));
        return found.address;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
