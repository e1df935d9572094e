import { execFile } from 'node:child_process';
import * as path from 'node:path';

/** The span probe script and its preloads. */
export const PROBE = {
  script: path.resolve(__dirname, 'span-probe.ts'),
  inMemorySetup: path.resolve(__dirname, 'span-probe-setup.ts'),
  register: path.resolve(__dirname, '..', 'register.ts'),
};

/**
 * Runs the span probe in a fresh Node process with the given preload (so telemetry starts before
 * grpc-js loads, as in production) and resolves with its JSON output.
 *
 * @throws Error with the probe's stderr when it fails or prints no JSON.
 */
export function runProbe(preload: string, env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--require', 'tsx/cjs', '--require', preload, PROBE.script], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error !== null) {
        reject(new Error(`span probe failed: ${error.message}\n${stderr}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as Record<string, unknown>);
      } catch {
        reject(new Error(`span probe printed no JSON:\n${stdout}\n${stderr}`));
      }
    });
  });
}
