import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as readline from 'node:readline';

/** A child process started from a TypeScript file, with its stdout lines and its exit. */
export interface SpawnedFixture {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves with the first stdout line that parses as JSON. */
  readonly firstJson: Promise<Record<string, unknown>>;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code (or the signal name) once the process ended. */
  readonly exited: Promise<number | string>;
}

/**
 * Runs a TypeScript file in a fresh Node process through tsx, the way services start in
 * development, so tests can send it real signals.
 */
export function spawnTsFixture(file: string, env: NodeJS.ProcessEnv = process.env, nodeArgs: readonly string[] = []): SpawnedFixture {
  const child = spawn(process.execPath, [...nodeArgs, '--require', 'tsx/cjs', file], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const firstJson = new Promise<Record<string, unknown>>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      try {
        resolve(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not the line we wait for
      }
    });
    void exited.then((code) => reject(new Error(`fixture exited (${code}) before printing JSON:\n${stderr}`)));
  });
  return { child, firstJson, stderr: () => stderr, exited };
}
