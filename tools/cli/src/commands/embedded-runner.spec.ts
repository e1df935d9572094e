import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkHealth } from '@vprog/module-host';
import { withRunner } from './embedded-runner';

describe('withRunner with an embedded stack', () => {
  let stateDir: string;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'vprog-embedded-'));
  });

  afterAll(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it('stops every embedded service on SIGTERM before the process ends (exit 143), so an interrupted command leaves none running', async () => {
    let err = '';
    let exitCode: number | undefined;
    let address: string | undefined;
    let unblock!: () => void;
    const blocked = new Promise<void>((resolve) => (unblock = resolve));
    const listeners = process.listenerCount('SIGTERM');
    const previous = process.env.VPROG_RUNNER_ADDR;
    delete process.env.VPROG_RUNNER_ADDR;
    try {
      const running = withRunner(
        {
          stateDir,
          err: (text) => void (err += text),
          exit: (code) => {
            exitCode = code;
            unblock();
          },
        },
        async (runner) => {
          address = runner;
          await blocked;
        },
      );
      for (let waited = 0; address === undefined && waited < 200_000; waited += 200) await new Promise((r) => setTimeout(r, 200));
      expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(await checkHealth(address!)).toBe('SERVING');

      process.emit('SIGTERM', 'SIGTERM');
      // Without the handler nothing would stop the stack or call exit: fail within 60 s rather than hang.
      let timer: NodeJS.Timeout | undefined;
      const settled = await Promise.race([running.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 60_000)))]);
      clearTimeout(timer);
      expect(settled).toBe(true);
      expect(exitCode).toBe(143);
      expect(err).toMatch(/vprog: SIGTERM: stopping the embedded services/);
      // Stopped before `exit` was called: the runner no longer answers.
      await expect(checkHealth(address!, { deadlineMs: 500 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      // The handlers are gone once the stack has stopped.
      expect(process.listenerCount('SIGTERM')).toBe(listeners);
    } finally {
      if (previous !== undefined) process.env.VPROG_RUNNER_ADDR = previous;
    }
  }, 240_000);
});
