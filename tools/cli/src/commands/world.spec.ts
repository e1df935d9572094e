import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { buildProgram } from '../program';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(__dirname, '..', '..', '..', '..');

/** Runs `vprog …` in-process and returns what it printed. */
async function vprog(...args: string[]): Promise<string> {
  const printed: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
  try {
    await buildProgram().exitOverride().parseAsync(['node', 'vprog', ...args]);
  } finally {
    spy.mockRestore();
  }
  return printed.join('');
}

describe('vprog world', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vprog-world-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sample writes the same files (same hash) twice, and other files for another seed', async () => {
    const run = async (seed: number, out: string) =>
      JSON.parse(await vprog('world', 'sample', '--task', 'nlvr-shapes', '--split', 'test', '--seed', String(seed), '--count', '4', '--out', join(dir, out), '--json'));
    const first = await run(7, 'a');
    const second = await run(7, 'b');
    const other = await run(8, 'c');
    expect(first).toMatchObject({ task: 'nlvr-shapes', split: 'test', seed: 7, count: 4, files: 9 });
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(second.sha256).toBe(first.sha256);
    expect(other.sha256).not.toBe(first.sha256);
    expect(readdirSync(join(dir, 'a', 'images')).sort()[0]).toBe('nlvr-shapes-test-7-0-left.png');
    const lines = readFileSync(join(dir, 'a', 'items.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ question: expect.any(String), program: expect.stringContaining('RESULT'), images: [{ name: 'LEFT' }, { name: 'RIGHT' }] });
    expect(lines[0].images[0].scene.objects.length).toBeGreaterThan(0);
  });

  it('modules writes images, items.jsonl and vocab.json deterministically', async () => {
    const run = async (out: string) =>
      JSON.parse(await vprog('world', 'modules', '--module', 'vqa', '--split', 'train', '--seed', '1', '--count', '10', '--out', join(dir, out), '--domains', 'dusk=1', '--json'));
    const first = await run('m1');
    expect((await run('m2')).sha256).toBe(first.sha256);
    const items = readFileSync(join(dir, 'm1', 'items.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(items).toHaveLength(10);
    for (const item of items) {
      expect(item.domain).toBe('dusk');
      expect(existsSync(join(dir, 'm1', item.image))).toBe(true);
    }
    const vocab = JSON.parse(readFileSync(join(dir, 'm1', 'vocab.json'), 'utf8'));
    expect(vocab.answers).toContain('purple');
    expect(vocab.words).toContain('many');
  });

  it('rejects bad flags with a clear message and a non-zero exit', async () => {
    const run = promisify(execFile);
    const main = join(ROOT, 'tools', 'cli', 'src', 'main.ts');
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    const attempt = (...args: string[]) => run(tsx, [main, 'world', ...args], { cwd: ROOT }).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
    const unknownTask = await attempt('sample', '--task', 'vqa-v2', '--split', 'test', '--seed', '1', '--count', '2', '--out', join(dir, 'x'));
    expect(unknownTask.code).not.toBe(0);
    expect(unknownTask.stderr).toContain('unknown task "vqa-v2"');
    const badCount = await attempt('modules', '--module', 'loc', '--split', 'test', '--seed', '1', '--count', 'many', '--out', join(dir, 'y'));
    expect(badCount.code).not.toBe(0);
    expect(badCount.stderr).toContain('--count must be an integer');
  }, 60_000);

  it('bundled alone (tools/zoo/bundle-world.sh), the world CLI runs without the workspace and writes the same bytes', async () => {
    const run = promisify(execFile);
    const bundle = join(dir, 'alone', 'world.cjs'); // a folder with no node_modules above it
    await run('bash', [join(ROOT, 'tools', 'zoo', 'bundle-world.sh'), bundle], { cwd: ROOT });
    const flags = ['world', 'modules', '--module', 'loc', '--split', 'dev', '--seed', '5', '--count', '6', '--domains', 'noise=1,dusk=1', '--json'];
    const alone = JSON.parse((await run(process.execPath, [bundle, ...flags, '--out', join(dir, 'b1')], { cwd: join(dir, 'alone') })).stdout);
    const workspace = JSON.parse(await vprog(...flags, '--out', join(dir, 'b2')));
    expect(alone.files).toBeGreaterThan(2);
    expect(alone.sha256).toBe(workspace.sha256);
  }, 60_000);

  it('preview writes a self-contained page whose every image loads in headless Chromium', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`this test needs Chromium at ${CHROMIUM} (apt-get install chromium)`);
    const html = join(dir, 'preview.html');
    await vprog('world', 'preview', '--task', 'gqa-shapes', '--split', 'dev', '--seed', '3', '--count', '5', '--html', html);
    const page = readFileSync(html, 'utf8');
    expect(page).not.toMatch(/(?:src|href)="(?!data:)/);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const tab = await browser.newPage();
      await tab.goto(pathToFileURL(html).href);
      const images = await tab.$$eval('img', (imgs) => imgs.map((img) => ({ complete: img.complete, width: img.naturalWidth })));
      expect(images).toHaveLength(5);
      for (const image of images) expect(image).toEqual({ complete: true, width: 128 });
      expect(await tab.locator('pre.program').first().textContent()).toContain('RESULT');
    } finally {
      await browser.close();
    }
  }, 60_000);
});
