import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Runs one of the child scripts in this folder in its own Node.js process (through tsx). */
export async function runChild(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const repoRoot = join(__dirname, '..', '..', '..', '..');
  const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, [join(__dirname, script), ...args], { cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
