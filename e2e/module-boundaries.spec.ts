import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

const root = join(__dirname, '..');

/**
 * Plants a file inside a real project, lints it with the repository's own ESLint config and
 * returns the module-boundary messages. The file is removed afterwards whatever happens.
 */
async function boundaryMessages(projectDir: string, source: string): Promise<string[]> {
  const dir = mkdtempSync(join(root, projectDir, 'src', 'planted-'));
  const file = join(dir, 'planted.ts');
  try {
    writeFileSync(file, source);
    // ESLint exits 1 when it reports errors; the JSON report is on stdout either way.
    const eslintBin = join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
    const args = [eslintBin, '--format', 'json', relative(root, file)];
    const stdout = await run(process.execPath, args, { cwd: root, env: { ...process.env, NX_DAEMON: 'false' } })
      .then((r) => r.stdout)
      .catch((error: { stdout?: string }) => error.stdout ?? '');
    const [result] = JSON.parse(stdout) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>;
    return result.messages
      .filter((m) => m.ruleId === '@nx/enforce-module-boundaries')
      .map((m) => m.message);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('module boundaries', () => {
  jest.setTimeout(180_000);

  // The rule reads Nx's cached project graph and silently skips without one: compute it first.
  beforeAll(async () => {
    const nxBin = join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
    await run(process.execPath, [nxBin, 'show', 'projects'], { cwd: root, env: { ...process.env, NX_DAEMON: 'false' } });
  });

  it('fails the lint when a domain library imports grpc-js', async () => {
    const messages = await boundaryMessages(
      'libs/world',
      "import { Server } from '@grpc/grpc-js';\nexport const planted = Server;\n",
    );
    expect(messages.join('\n')).toMatch(/@grpc\/grpc-js/);
  });

  it('fails the lint when a domain library imports a transport library', async () => {
    const messages = await boundaryMessages(
      'libs/models',
      "import * as kit from '@vprog/grpc-kit';\nexport const planted = kit;\n",
    );
    expect(messages.length).toBeGreaterThan(0);
  });

  it('accepts a domain library importing another domain library', async () => {
    const messages = await boundaryMessages(
      'libs/models',
      "import { SHAPES } from '@vprog/world';\nexport const planted = SHAPES;\n",
    );
    expect(messages).toEqual([]);
  });
});
